from __future__ import annotations

from pathlib import Path

import pytest

from provenance.errors import ConfigError
from provenance.resolve.outlets import load_registry, same_outlet


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.mark.parametrize("written", [
    "La República", "la República", "LA REPUBLICA", "diario La República",
    "el diario La República", "La República (Lima)", "larepublica.pe", "www.larepublica.pe",
])
def test_names_people_write_find_the_peruvian_la_republica(registry, written):
    assert registry.find(written)[0].site == "https://larepublica.pe"


@pytest.mark.parametrize(("written", "site"), [
    ("El Comercio", "https://elcomercio.pe"),
    ("the Guardian", "https://www.theguardian.com"),
    ("New York Times", "https://www.nytimes.com"),
    ("Folha de Sao Paulo", "https://www1.folha.uol.com.br"),
    ("Estadão", "https://www.estadao.com.br"),
    ("jornal O Globo", "https://oglobo.globo.com"),
    ("Pagina 12", "https://www.pagina12.com.ar"),
])
def test_other_outlets(registry, written, site):
    assert registry.find(written)[0].site == site


def test_a_city_in_the_citation_picks_the_outlet_of_that_city(registry):
    assert registry.find("El Comercio")[0].country == "PE"
    assert registry.find("El Comercio", hint="(El Comercio, Quito, 3 de marzo)")[0].country == "EC"
    assert registry.find("La República", hint="Montevideo, 2 de mayo")[0].country == "UY"


def test_unknown_outlets_and_empty_names_find_nothing(registry):
    assert registry.find("Gaceta de Ningunaparte") == ()
    assert registry.find("") == ()
    assert registry.find("El") == ()


def test_shipped_registry_is_well_formed(registry):
    assert len(registry) >= 150
    assert {o.language for o in registry.outlets} == {"es", "pt", "en"}
    assert sum(o.country == "PE" for o in registry.outlets) >= 25
    for o in registry.outlets:
        assert o.site.startswith("https://") and not o.site.endswith("/"), o
        assert o.country and len(o.country) == 2, o
    pairs = [(o.name, o.country) for o in registry.outlets]
    assert len(pairs) == len(set(pairs))


def test_user_file_overrides_a_shipped_outlet_field_by_field_and_adds_new_ones(tmp_path: Path):
    path = tmp_path / "outlets.toml"
    path.write_text('[[outlet]]\nname = "La República"\nsite = "http://127.0.0.1:8001"\n\n'
                    '[[outlet]]\nname = "Gaceta Sintética"\nsite = "http://127.0.0.1:8002/"\n'
                    'language = "es"\naliases = ["La Gaceta"]\n'
                    'sitemaps = ["http://127.0.0.1:8002/s.xml"]\n', encoding="utf-8")
    registry = load_registry(path)
    lr = registry.find("diario La República")[0]
    assert (lr.site, lr.language, lr.country) == ("http://127.0.0.1:8001", "es", "PE")
    gaceta = registry.find("la gaceta")[0]
    assert gaceta.site == "http://127.0.0.1:8002" and gaceta.sitemaps == (
        "http://127.0.0.1:8002/s.xml",)
    assert len(registry) == len(load_registry()) + 1


@pytest.mark.parametrize(("text", "says"), [
    ("[[outlet]\nname=", "not valid TOML"),
    ('[[outlet]]\nname = "Nueva"\n', "needs a site"),
    ('[[outlet]]\nname = "X"\nsite = "ftp://x.org"\n', "must be an http"),
    ('[[outlet]]\nname = "X"\nsite = "https://x.org"\nwebsite = "y"\n', "unknown field"),
    ('[[outlet]]\nsite = "https://x.org"\n', "needs a name"),
    ('[[outlet]]\nname = "X"\nsite = "https://x.org"\naliases = "Y"\n', "list of strings"),
    ('[outlets]\nname = "X"\n', "unknown table"),
])
def test_bad_user_files_are_clear_errors(tmp_path: Path, text, says):
    path = tmp_path / "outlets.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=says) as err:
        load_registry(path)
    assert str(path) in str(err.value)


def test_missing_user_file_is_a_clear_error(tmp_path: Path):
    with pytest.raises(ConfigError, match="cannot read outlets file"):
        load_registry(tmp_path / "nope.toml")


def test_same_outlet_ignores_articles_case_and_accents():
    assert same_outlet("diario La República", "la republica")
    assert not same_outlet("La República", "El Comercio")
