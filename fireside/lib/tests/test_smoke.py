import pytest

import fireside


@pytest.mark.django_db
def test_it_answers_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "version": fireside.__version__}
