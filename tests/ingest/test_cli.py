from pathlib import Path

from tests.conftest import run


def test_bad_files_are_reported_and_the_rest_still_ingested(tmp_path: Path, minilm: str):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PK\x00" * 100)
    (folder / "ok.md").write_text(
        "THÔNG BÁO\n\nKết luận về Đề án 06 tỉnh Gia Lai\n\n1. Sở Y tế\n\n- Số hóa **hồ sơ** sức khỏe.\n"
    )
    result = run("-m", "ingest", str(folder), "--storage", str(tmp_path / "s"), env={"DIRECTIVE_EMBEDDER": minilm})
    assert result.returncode == 1  # failures are in the exit code
    assert "empty.txt" in result.stderr and "tệp rỗng" in result.stderr
    assert "binary.txt" in result.stderr and "nhị phân" in result.stderr
    assert "ok.md" in result.stdout and "1 văn bản mới" in result.stdout
    listing = run("-m", "ingest", "--list", "--storage", str(tmp_path / "s"), env={"DIRECTIVE_EMBEDDER": minilm})
    assert "ok" in listing.stdout and "Gia Lai" in listing.stdout


def test_remove_unknown_document_is_an_error(tmp_path: Path, minilm: str):
    (tmp_path / "a.txt").write_text("THÔNG BÁO\n\nKết luận về Đề án 06\n\n- Sở Y tế số hóa hồ sơ.\n", "utf-8")
    run("-m", "ingest", str(tmp_path / "a.txt"), "--storage", str(tmp_path / "s"), env={"DIRECTIVE_EMBEDDER": minilm})
    result = run(
        "-m", "ingest", "--remove", "nope", "--storage", str(tmp_path / "s"), env={"DIRECTIVE_EMBEDDER": minilm}
    )
    assert result.returncode == 1 and "không có văn bản" in result.stderr
