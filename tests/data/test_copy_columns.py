"""The importer's COPY column order (PostgreSQL path) names the same columns the writer
upserts and the models have: after the importer/writing split the two lists live apart."""

from __future__ import annotations

import pytest

from beatbridge.data import importer, writing


@pytest.mark.parametrize("kind", ["incidents", "enforcement"])
def test_copy_order_and_writer_columns_agree(kind):
    copy_names = importer._COPY_HEAD + importer._COPY_TAIL[kind]
    table, written = writing._sql_names(kind)
    assert len(copy_names) == len(set(copy_names))
    assert set(copy_names) == set(written)
    model_columns = {f.column for f in writing.MODELS[kind]._meta.concrete_fields} - {"id"}
    assert set(written) == model_columns
    assert table == writing.MODELS[kind]._meta.db_table
