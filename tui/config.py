"""Settings: packaged YAML defaults, layered with the user's files, validated with pydantic.

Layers, later ones override earlier ones key by key:
  packaged ``config/newsreader.yaml`` < user file < ``$NEWSREADER_CONFIG`` < ``--config FILE``.
Only ``yaml.safe_load`` is used. Every error is a ``ConfigError`` with a one-line message that
names the file and the line (syntax) or the key path (validation).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from platformdirs import user_cache_path, user_config_path, user_data_path
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

ENV_VAR = "NEWSREADER_CONFIG"
PACKAGE_DIR = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    """``config/`` or ``seeds/``: inside the wheel (``tui/_data``) or beside the package in a checkout."""
    installed = PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / name


CONFIG_DIR = _data_dir("config")
SEEDS_DIR = _data_dir("seeds")
DEFAULT_CONFIG = CONFIG_DIR / "newsreader.yaml"


def user_config_file() -> Path:
    return user_config_path("newsreader") / "config.yaml"


def sample_article() -> Path:
    """The bundled sample article (the first file in ``seeds/``)."""
    files = sorted(p for p in SEEDS_DIR.iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:
        raise ConfigError(f"no sample article in {SEEDS_DIR}")
    return files[0]


class ConfigError(Exception):
    """A configuration file cannot be read or is invalid (one-line message)."""


# ---------------------------------------------------------------------------------------------
# The model. ``extra="forbid"`` everywhere: an unknown key is an error that names it.


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PipelineSettings(_Strict):
    names: list[str] = Field(min_length=1)
    batch_size: int = Field(ge=1, le=10_000)


class ArticleSettings(_Strict):
    max_mb: float = Field(gt=0)


class EntitySettings(_Strict):
    show: list[str]
    colors: dict[str, str]


class QuoteSettings(_Strict):
    indirect: bool = True
    stance: bool = False
    model: Path | None = None
    threshold: float = Field(0.25, ge=0.0, le=1.0)
    boundaries: Path | None = None
    min_score: float = Field(0.0, ge=0.0, le=1.0)
    dim_score: float = Field(0.0, ge=0.0, le=1.0)


class LexiconPaths(_Strict):
    reporting_verbs: Path
    titles: Path
    nationalities: Path
    relation_verbs: Path
    entity_patterns: Path
    first_names: Path
    nicknames: Path


class PanelSettings(_Strict):
    visible: bool = True
    width: int = Field(default=38, ge=10, le=200)


class LayoutSettings(_Strict):
    reading_width: int = Field(ge=20, le=400)
    panels: dict[str, PanelSettings]
    quote_color: str
    current_quote_color: str

    @field_validator("panels")
    @classmethod
    def _known_panels(cls, v: dict[str, PanelSettings]) -> dict[str, PanelSettings]:
        unknown = set(v) - {"entities", "quotes", "relations"}
        if unknown:
            raise ValueError(f"unknown panel {sorted(unknown)[0]!r} (expected entities, quotes, relations)")
        return v


class CacheSettings(_Strict):
    enabled: bool = True
    dir: Path | None = None

    def folder(self) -> Path:
        return self.dir if self.dir is not None else user_cache_path("newsreader")


class UISettings(_Strict):
    cursor_blink: bool = True
    theme: str = "newsreader-dark"
    analysis_timeout: float = Field(300.0, gt=0)


class ReaderSettings(_Strict):
    # `newsreader` with no argument opens the last article read instead of the sample.
    open_last: bool = False
    # Flags and reading positions live here; empty means the user data dir.
    data_dir: Path | None = None

    def folder(self) -> Path:
        return self.data_dir if self.data_dir is not None else user_data_path("newsreader")


# Every binding id of the reader (``tui/app/keys.py`` defines them; a test keeps both in step).
BINDING_IDS = (
    "next_quote", "prev_quote", "scroll_down", "scroll_up", "page_down", "page_up", "top", "bottom",
    "focus_next", "focus_prev", "open", "search", "next_match", "prev_match", "toggle_entities",
    "toggle_quotes", "toggle_relations", "export", "help", "quit",
    "cite", "cite_all", "flag", "flagged", "filter_quotes", "sources", "sort_sources",
)


class Settings(_Strict):
    pipeline: PipelineSettings
    articles: ArticleSettings
    entities: EntitySettings
    quotes: QuoteSettings
    lexicons: LexiconPaths
    layout: LayoutSettings
    keymap: dict[str, str]
    cache: CacheSettings
    ui: UISettings
    reader: ReaderSettings = ReaderSettings()
    # Files the settings were read from, in order (not a YAML key).
    sources: tuple[str, ...] = ()

    @field_validator("keymap", mode="before")
    @classmethod
    def _keys_as_text(cls, v: Any) -> Any:
        # `toggle_entities: 1` in YAML is an int; a key is text.
        if isinstance(v, dict):
            return {k: str(x) if isinstance(x, int) and not isinstance(x, bool) else x for k, x in v.items()}
        return v

    @field_validator("keymap")
    @classmethod
    def _known_bindings(cls, v: dict[str, str]) -> dict[str, str]:
        for binding_id, keys in v.items():
            if binding_id not in BINDING_IDS:
                raise ValueError(f"unknown binding id {binding_id!r} (the reader's `?` screen lists them)")
            if not isinstance(keys, str) or not [k for k in keys.split(",") if k.strip()]:
                raise ValueError(f"binding {binding_id!r}: expected keys like \"n\" or \"j,down\"")
            for key in keys.split(","):
                key = key.strip()
                if key and (not key.isprintable() or any(ch.isspace() for ch in key)):
                    # A control character in a key name would reach the terminal in the footer.
                    raise ValueError(f"binding {binding_id!r}: {key!r} is not a key name")
        owner: dict[str, str] = {}
        for binding_id, keys in v.items():
            for key in {k.strip() for k in keys.split(",") if k.strip()}:
                if key in owner:
                    # One of the two would silently never fire.
                    raise ValueError(f"key {key!r} is bound to both {owner[key]!r} and {binding_id!r}")
                owner[key] = binding_id
        return v

    def analysis_fingerprint(self) -> str:
        """A hash of every setting that changes the analysis (for the cache key)."""
        lex = {name: _file_hash(getattr(self.lexicons, name)) for name in LexiconPaths.model_fields}
        lex["quote_model"] = _file_hash(self.quotes.model)
        lex["quote_boundaries"] = _file_hash(self.quotes.boundaries)
        payload = {
            "pipeline": self.pipeline.names,
            # min_score and dim_score only change what the reader shows
            "quotes": self.quotes.model_dump(mode="json", exclude={"min_score", "dim_score"}),
            "show": self.entities.show,
            "lexicons": lex,
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]


def _file_hash(path: Path | None) -> str | None:
    """The sha256 of a file's bytes, or None for no path or an unreadable file (a device or a
    pipe is never read: /dev/zero would never end)."""
    try:
        if not path or not stat.S_ISREG(os.stat(path).st_mode):
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (OSError, ValueError):
        return None


# ---------------------------------------------------------------------------------------------
# Reading and merging.


MAX_CONFIG_BYTES = 1024 * 1024
"""A config file or lexicon is a regular file of at most 1 MB (a device, a pipe or a 45 MB YAML
would never end or take minutes and gigabytes)."""


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise ConfigError(f"{path}: not a regular file (a pipe, socket, device or folder), not a config file")
        if st.st_size > MAX_CONFIG_BYTES:
            raise ConfigError(f"{path}: too large for a config file ({st.st_size / 1048576:.1f} MB; the limit is 1 MB)")
        with open(path, "rb") as f:
            data = f.read(MAX_CONFIG_BYTES + 1)
        if len(data) > MAX_CONFIG_BYTES:  # it grew after the check
            raise ConfigError(f"{path}: too large for a config file (the limit is 1 MB)")
        raw = data.decode("utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot read config file ({exc.__class__.__name__}: {exc})") from None
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{path}:{where}: invalid YAML: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings at the top level, got {type(data).__name__}")
    return data


def _resolve_lexicons(data: dict[str, Any], base: Path) -> None:
    """Make the paths of one layer (lexicons, the quote model, the cache and data folders) absolute,
    relative to the file that names them."""
    places = [(data.get("lexicons"), None), (data.get("quotes"), ("model", "boundaries")), (data.get("cache"), ("dir",)),
              (data.get("reader"), ("data_dir",))]
    for section, keys in places:
        if not isinstance(section, dict):
            continue
        for k, v in section.items():
            if (keys is None or k in keys) and isinstance(v, str) and v:
                p = Path(v).expanduser()
                section[k] = str(p if p.is_absolute() else (base / p))


def deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = v
    return out


def _format_error(err: dict[str, Any]) -> str:
    loc = ".".join(str(p) for p in err.get("loc", ()))
    if err.get("type") == "extra_forbidden":
        return f"unknown key '{loc}'"
    if err.get("type") == "missing":
        return f"missing key '{loc}'"
    msg = err.get("msg", "invalid value")
    got = err.get("input")
    shown = repr(got) if not isinstance(got, (dict, list)) else type(got).__name__
    return f"key '{loc}': {msg} (got {shown})" if loc else f"{msg}"


def _validate_layer(data: dict[str, Any], path: Path) -> None:
    """Check one user layer on its own so the error names the file that holds the bad key."""
    try:
        _partial_settings().model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_format_error(exc.errors()[0])}") from None


def _partial(model: type[BaseModel]) -> type[BaseModel]:
    """A copy of ``model`` where every field is optional (a layer may set only a few keys)."""
    from pydantic import create_model

    fields: dict[str, Any] = {}
    for name, f in model.model_fields.items():
        ann = f.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            ann = _partial(ann)
        fields[name] = (ann | None, None)
    return create_model(f"Partial{model.__name__}", __config__=ConfigDict(extra="forbid"), **fields)


@lru_cache(maxsize=1)
def _partial_settings() -> type[BaseModel]:
    """Built on first use: only a user layer needs it, and building it costs a pydantic schema
    (tens of ms) on the way to the reader's first frame."""
    return _partial(Settings)


def config_layers(config_file: str | os.PathLike | None = None, *, use_user: bool = True) -> list[Path]:
    """The files to read, in order. ``use_user=False`` ignores the user file and the env var (tests)."""
    layers = [DEFAULT_CONFIG]
    if use_user:
        uf = user_config_file()
        if uf.is_file():
            layers.append(uf)
        env = os.environ.get(ENV_VAR)
        if env:
            layers.append(Path(env).expanduser())
    if config_file is not None:
        layers.append(Path(config_file).expanduser())
    return layers


def load_settings(config_file: str | os.PathLike | None = None, *, use_user: bool = True) -> Settings:
    """Read, merge and validate every layer. Raises ConfigError with a one-line message."""
    merged: dict[str, Any] = {}
    layers = config_layers(config_file, use_user=use_user)
    for path in layers:
        data = _read_yaml(path)
        _resolve_lexicons(data, path.resolve().parent)
        if path != DEFAULT_CONFIG:
            _validate_layer(data, path)
        merged = deep_merge(merged, data)
    merged.pop("sources", None)
    try:
        settings = Settings.model_validate({**merged, "sources": tuple(str(p) for p in layers)})
    except ValidationError as exc:
        raise ConfigError(f"{layers[-1]}: {_format_error(exc.errors()[0])}") from None
    for name in LexiconPaths.model_fields:
        p = getattr(settings.lexicons, name)
        if not p.is_file():
            raise ConfigError(f"lexicon '{name}' not found: {p}")
    return settings


def default_settings() -> Settings:
    """The packaged defaults only (no user file, no environment): for tests and libraries."""
    return load_settings(use_user=False)


# ---------------------------------------------------------------------------------------------
# Lexicons: YAML word lists under config/lexicons.


@lru_cache(maxsize=64)
def _load_lexicon_file(path: str, mtime: float) -> Any:
    data = _read_yaml(Path(path))
    return data


def load_lexicon(settings: Settings, name: str) -> dict[str, Any]:
    """The parsed YAML of lexicon ``name`` (a key of ``lexicons:``). Raises ConfigError."""
    path = getattr(settings.lexicons, name)
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise ConfigError(f"lexicon '{name}' not found: {path}") from None
    return _load_lexicon_file(str(path), mtime)
