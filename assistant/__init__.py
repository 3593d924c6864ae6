"""Questions in, grounded answers with verbatim citations out."""
