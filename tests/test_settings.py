"""The plugin's settings are defined once (cmg.settings): what MkDocs validates for `plugins.cmg` and
what `cmg` reads from mkdocs.yml are the same names, types and defaults."""

from pathlib import Path

import pytest

from cmg.project import ConfigError, Project, load_project
from cmg.settings import DEFAULTS, SETTINGS, SettingsError, read_settings

CASES = [
    {},
    {"source_locale": "es", "pdf": False, "pdf_max_kb": 10},
    {"cache_dir": None},  # empty in YAML: the default
    {"cache_dir": ""},  # no cache
    {"validation": {"ignore": ["CMG101"]}, "validation_enabled": False},
    {"pdf_max_kb": "big"},
    {"validation": ["CMG101"]},
    {"termbase": 3},
    {"pdf": "yes"},
]


def _mkdocs(options: dict):
    """plugins.cmg as the MkDocs plugin validates it: (values, None) or (None, the errors)."""
    from cmg.engine.settings import CmgPluginConfig

    cfg = CmgPluginConfig()
    cfg.load_dict(options)
    errors, _warnings = cfg.validate()
    return (None, errors) if errors else ({s.name: cfg[s.name] for s in SETTINGS}, None)


@pytest.mark.parametrize("options", CASES, ids=[repr(c) for c in CASES])
def test_cmg_reads_what_the_plugin_validates(options):
    plugin, errors = _mkdocs(options)
    if errors:
        with pytest.raises(SettingsError) as exc:
            read_settings(options)
        assert f"plugins.cmg.{errors[0][0]}" in str(exc.value)  # the same setting is named
    else:
        assert read_settings(options) == plugin


def test_the_plugin_schema_is_the_table():
    from cmg.engine.settings import CmgPluginConfig

    assert [name for name, _ in CmgPluginConfig._schema] == [s.name for s in SETTINGS]


def test_a_project_without_options_has_the_schema_defaults(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - cmg\n", encoding="utf-8")
    project = load_project(tmp_path / "mkdocs.yml")
    for name in ("source_locale", "guides_dir", "translations_dir", "termbase", "countries_dir", "cache_dir",
                 "offline_archive", "validation_enabled", "pdf", "pdf_max_kb"):
        assert getattr(project, name) == DEFAULTS[name], name
        assert getattr(Project(root=tmp_path, config_file=tmp_path / "mkdocs.yml"), name) == DEFAULTS[name], name


def test_a_setting_of_the_wrong_type_is_a_config_error_naming_mkdocs_yml(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - cmg:\n      pdf_max_kb: big\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_project(Path(tmp_path / "mkdocs.yml"))
    assert str(exc.value).startswith("mkdocs.yml: plugins.cmg.pdf_max_kb must be of type int")


@pytest.mark.parametrize("env, expected", [("false", False), ("true", True), ("0", 0), ("", None)])
def test_env_values_are_typed_as_mkdocs_types_them(tmp_path, monkeypatch, env, expected):
    # mkdocs.yml's `!ENV [NAME, default]`: the variable's text is read as a YAML value, by cmg as by MkDocs
    import yaml
    from mkdocs.utils.yaml import yaml_load

    from cmg.project import _TolerantLoader

    monkeypatch.setenv("CMG_TEST_VALUE", env)
    text = "value: !ENV [CMG_TEST_VALUE, 7]\n"
    assert yaml.load(text, Loader=_TolerantLoader)["value"] == yaml_load(text)["value"] == expected
