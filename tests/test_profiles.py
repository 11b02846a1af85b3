"""The profiles in site_profiles/ are valid and honest, and the checks catch what they should."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from sarkit import paths
from sarkit.profiles import (
    FACT_LABELS,
    FACT_NAMES,
    VALUE_LABELS,
    Catalogue,
    Problem,
    ProfileError,
    load_catalogue,
    new_profile,
    slugify,
    validate_profiles,
)

PROFILES = paths.ROOT / "site_profiles"
PROFILE_FILES = sorted(
    p.relative_to(PROFILES).as_posix()
    for folder in ("sites", "providers", "recipients")
    for p in (PROFILES / folder).glob("*.yaml")
)
SITES = ("myworksearch", "avantajobs", "universal-jobmatch", "find-a-job")
PROVIDERS = (
    "jobcentre-plus",
    "serco",
    "jobs-22",
    "reed-in-partnership",
    "maximus",
    "g4s",
    "ingeus",
    "seetec",
    "fedcap",
    "avanta",
    "peopleplus",
)
RECIPIENTS = ("dwp-right-of-access", "dwp-foi", "dfc-right-of-access", "dfc-foi", "ico")
RULES = {
    "schema",
    "id-matches-file",
    "yaml",
    "fact-needs-source",
    "source-complete",
    "letters-to",
    "real-dates",
    "references",
    "recipients",
    "seeds",
    "public-urls",
}
FOI_5028 = (
    "https://www.whatdotheyknow.com/request/181920/response/443194/attach/html/3/"
    "5028%20Response.pdf.html"
)


@pytest.fixture(scope="module")
def repository_problems() -> list[Problem]:
    return validate_profiles(PROFILES)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(PROFILES)


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    """A copy of the real profiles, to break one file at a time."""
    return Path(shutil.copytree(PROFILES, tmp_path / "site_profiles"))


def edit(folder: Path, rel: str, change) -> None:
    """Load a profile, let `change` alter the data, and write it back."""
    path = folder / rel
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def problems_in(folder: Path, rel: str) -> list[Problem]:
    return [p for p in validate_profiles(folder) if p.file == rel]


def all_sources(cat: Catalogue):
    for site in cat.sites.values():
        yield from site.status_sources
        yield from site.operator.sources
        for fact in site.facts.values():
            yield from fact.sources
        for scheme in site.schemes:
            yield from scheme.sources
    for provider in cat.providers.values():
        yield from provider.role.sources
        yield from provider.contact_sources
        for scheme in provider.schemes:
            yield from scheme.sources
    for r in cat.recipients.values():
        yield from (
            *r.address_sources,
            *r.email_sources,
            *r.web_form_sources,
            *r.phone_sources,
            *r.sources,
        )


# --- the repository's profiles ----------------------------------------------------------------


def test_there_are_profile_files_to_check():
    assert len(PROFILE_FILES) >= len(SITES) + len(PROVIDERS) + len(RECIPIENTS)


@pytest.mark.parametrize("rel", PROFILE_FILES, ids=PROFILE_FILES)
def test_profile_file_is_valid(rel: str, repository_problems: list[Problem]):
    problems = [str(p) for p in repository_problems if p.file == rel]
    assert problems == [], "\n".join(problems)


def test_seeds_file_is_valid(repository_problems: list[Problem]):
    problems = [str(p) for p in repository_problems if p.file == "seeds.yaml"]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    "schema", sorted((PROFILES / "schema").glob("*.schema.json")), ids=lambda p: p.name
)
def test_schema_is_valid_draft_2020_12(schema: Path):
    contents = json.loads(schema.read_text(encoding="utf-8"))
    assert contents["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(contents)


def test_repository_profiles_load(catalogue: Catalogue):
    assert set(catalogue.sites) >= set(SITES)
    assert set(catalogue.providers) >= set(PROVIDERS)
    assert set(catalogue.recipients) >= set(RECIPIENTS)
    assert len(catalogue.seeds) == 5


def test_load_catalogue_reads_the_profiles_folder_by_default(monkeypatch):
    monkeypatch.delenv("SARKIT_PROFILES_DIR", raising=False)
    assert set(load_catalogue().sites) >= set(SITES)


def test_load_catalogue_follows_sarkit_profiles_dir(monkeypatch, profiles: Path):
    (profiles / "sites" / "find-a-job.yaml").unlink()
    monkeypatch.setenv("SARKIT_PROFILES_DIR", str(profiles))
    with pytest.raises(ProfileError) as raised:  # the others still load; jobcentre-plus links it
        load_catalogue()
    assert any(p.file == "providers/jobcentre-plus.yaml" for p in raised.value.problems)


@pytest.mark.parametrize(
    "kind, ids", [("sites", SITES), ("providers", PROVIDERS), ("recipients", RECIPIENTS)]
)
def test_required_profiles_exist(catalogue: Catalogue, kind: str, ids: tuple[str, ...]):
    missing = [i for i in ids if i not in getattr(catalogue, kind)]
    assert missing == [], f"missing {kind}: {missing}"


def test_sites_have_every_fact_in_order(catalogue: Catalogue):
    for site in catalogue.sites.values():
        assert tuple(site.facts)[: len(FACT_NAMES)] == FACT_NAMES
        assert set(site.facts) <= {*FACT_NAMES, "lawful_basis"}
    assert set(FACT_LABELS) == {*FACT_NAMES, "lawful_basis"}


def test_every_enum_value_has_a_plain_english_label():
    for value in (
        "voluntary",
        "mandatory",
        "depends",
        "unknown",
        "yes",
        "no",
        "processor",
        "joint-controller",
        "controller",
        "active",
        "closed",
    ):
        assert VALUE_LABELS[value]
    assert VALUE_LABELS["voluntary"] == "No, it is voluntary"
    assert VALUE_LABELS["unknown"] == "Not known"


def test_sites_used_by_joins_both_directions(catalogue: Catalogue):
    assert [s.id for s in catalogue.sites_used_by("avanta")] == ["avantajobs"]
    jobcentre = {s.id for s in catalogue.sites_used_by("jobcentre-plus")}
    assert jobcentre == {
        "find-a-job",
        "universal-credit-account",
        "myworksearch",
        "universal-jobmatch",
    }
    # today's sites first, then those of arrangements that have ended
    assert catalogue.sites_used_by("jobcentre-plus")[0].id == "find-a-job"
    assert catalogue.sites_used_by("no-such-provider") == []


def test_lookups_return_none_for_unknown_ids(catalogue: Catalogue):
    assert catalogue.site("nope") is None
    assert catalogue.provider("nope") is None
    assert catalogue.recipient("nope") is None
    assert catalogue.site("find-a-job").name == "Find a job"


# --- honesty of the data (ARCHITECTURE.md, Principles 1) ---------------------------------------


def test_every_known_fact_has_a_source(catalogue: Catalogue):
    for site in catalogue.sites.values():
        for name, fact in [("operator", site.operator), *site.facts.items()]:
            assert not fact.known or fact.sources, f"{site.id}: {name}"
    for provider in catalogue.providers.values():
        assert not provider.role.known or provider.role.sources, provider.id


def test_sources_point_somewhere_and_quotes_are_short(catalogue: Catalogue):
    for source in all_sources(catalogue):
        assert source.url or source.seed, source.title
        assert source.link == source.url
        assert len(source.quote) <= 300, source.quote


def test_avantajobs_foi_is_dated_2013_not_2011(catalogue: Catalogue):
    site = catalogue.site("avantajobs")
    dated = [s for f in site.facts.values() for s in f.sources if s.url == FOI_5028]
    assert dated and all(s.date == date(2013, 10, 24) for s in dated)
    assert site.facts["use_is_mandatory"].value == "voluntary"
    assert site.facts["use_is_mandatory"].history is True


def test_ico_2015_view_is_cited_as_reported_by_the_campaign_page(catalogue: Catalogue):
    fact = catalogue.site("universal-jobmatch").facts["data_controller"]
    reported = [s for s in fact.sources if "unfair" in s.quote]
    assert reported, "the ICO's 2015 view should be among the sources"
    for source in reported:
        assert "ico.org.uk" not in (source.url or "")
        assert source.seed == "002_01f96688abcb36df"
        assert "reporting" in source.title


def test_seed_era_facts_are_history(catalogue: Catalogue):
    for site in catalogue.sites.values():
        for fact in (site.operator, *site.facts.values()):
            if fact.known and any(s.seed for s in fact.sources):
                assert fact.history, f"{site.id}: {fact.value}"


def test_find_a_job_is_run_by_adzuna_for_dwp(catalogue: Catalogue):
    site = catalogue.site("find-a-job")
    assert site.status == "active" and site.status_from == date(2018, 5, 14)
    assert site.operator.value == "Adhunter Ltd trading as Adzuna"
    assert site.facts["data_controller"].value == "Department for Work and Pensions"
    assert site.facts["use_is_mandatory"].value == "depends"
    assert site.letters_to == "department"
    assert [p.id for p in catalogue.providers_using(site)] == ["jobcentre-plus"]


def test_universal_jobmatch_closed_when_find_a_job_replaced_it(catalogue: Catalogue):
    site = catalogue.site("universal-jobmatch")
    assert site.status == "closed" and site.status_until == date(2018, 5, 14)


def test_restart_primes_cite_the_contract_package_areas_table(catalogue: Catalogue):
    for provider_id in (
        "serco",
        "jobs-22",
        "reed-in-partnership",
        "maximus",
        "g4s",
        "ingeus",
        "seetec",
        "fedcap",
    ):
        provider = catalogue.provider(provider_id)
        restart = [s for s in provider.schemes if s.name == "Restart Scheme"]
        assert restart, provider_id
        dates = {s.date for s in restart[0].sources if "contract-package-areas" in (s.url or "")}
        assert dates == {date(2022, 4, 26)}, provider_id


def test_no_provider_address_is_invented(catalogue: Catalogue):
    for provider in catalogue.providers.values():
        assert not provider.address or provider.contact_sources, provider.id


def test_no_recipient_is_marked_verified(catalogue: Catalogue):
    for recipient in catalogue.recipients.values():
        assert recipient.verified is False and recipient.needs_checking
        assert recipient.verified_on is None and recipient.check_url


def test_dfc_address_is_completed_only_from_the_departments_own_pages(catalogue: Catalogue):
    recipient = catalogue.recipient("dfc-right-of-access")
    # nobody may complete an address: each line is in one of its sources
    assert recipient.address == (
        "Department for Communities",
        "5th Floor",
        "9 Lanyon Place",
        "Belfast",
        "BT1 3LP",
    )
    quotes = " ".join(s.quote for s in recipient.address_sources).casefold()
    for line in recipient.address:
        assert line.casefold() in quotes, line
    assert "5th Floor 9 Lanyon Place" in recipient.address_sources[0].quote
    assert "BELFAST, BT1 3LP" in recipient.address_sources[1].quote
    assert recipient.email == "dpo@communities-ni.gov.uk"


def test_ico_has_a_web_form_and_no_out_of_date_address(catalogue: Catalogue):
    ico = catalogue.recipient("ico")
    assert ico.address == ()
    assert ico.web_form == "https://ico.org.uk/make-a-complaint/"
    assert "Manchester" in ico.note


def test_whatdotheyknow_is_offered_only_for_foi(catalogue: Catalogue):
    names = {r.id: r.whatdotheyknow for r in catalogue.recipients.values()}
    assert names["dwp-foi"] == "dwp" and names["dfc-foi"] == "dfc"
    assert names["dwp-right-of-access"] is None and names["dfc-right-of-access"] is None


def test_northern_ireland_letters_go_to_dfc(catalogue: Catalogue):
    for recipient_id in ("dfc-right-of-access", "dfc-foi"):
        assert catalogue.recipient(recipient_id).nations == ("northern-ireland",)
    assert "northern-ireland" not in catalogue.recipient("dwp-right-of-access").nations


# --- the checks catch each mistake, naming the file --------------------------------------------


def _future(_data) -> str:
    return (date.today() + timedelta(days=400)).isoformat()


BREAKAGES = {
    "broken-yaml": ("sites/avantajobs.yaml", None, "", "not valid YAML"),
    "unknown-provider-in-used-by": (
        "sites/myworksearch.yaml",
        lambda d: d["used_by"].append("no-such-provider"),
        "used_by[1]",
        "no-such-provider",
    ),
    "javascript-url": (
        "sites/find-a-job.yaml",
        lambda d: d["operator"]["sources"][0].update(url="javascript:alert(1)"),
        "operator.sources[0].url",
        "https://",
    ),
    "file-url": (
        "sites/find-a-job.yaml",
        lambda d: d.update(privacy_policy_url="file:///etc/passwd"),
        "privacy_policy_url",
        "https://",
    ),
    "data-url": (
        "recipients/ico.yaml",
        lambda d: d.update(check_url="data:text/html,hi"),
        "check_url",
        "https://",
    ),
    "fact-without-source": (
        "sites/find-a-job.yaml",
        lambda d: d["facts"]["data_controller"].update(sources=[]),
        "facts.data_controller",
        "no source",
    ),
    "future-date": (
        "sites/avantajobs.yaml",
        lambda d: d["facts"]["data_controller"]["sources"][0].update(date=_future(d)),
        "facts.data_controller.sources[0].date",
        "in the future",
    ),
    "future-accessed-date": (
        "providers/serco.yaml",
        lambda d: d["role"]["sources"][0].update(accessed=_future(d)),
        "role.sources[0].accessed",
        "in the future",
    ),
    "unlisted-seed": (
        "providers/jobcentre-plus.yaml",
        lambda d: d["role"]["sources"][0].update(seed="999_0000000000000000"),
        "role.sources[0].seed",
        "not listed in seeds.yaml",
    ),
    "id-not-matching-file": (
        "providers/seetec.yaml",
        lambda d: d.update(id="seetec-pluss"),
        "id",
        "seetec.yaml",
    ),
    "id-not-lower-case": (
        "recipients/dwp-foi.yaml",
        lambda d: d.update(id="DWP-FOI"),
        "id",
        "lower-case",
    ),
    "unknown-site-in-provider": (
        "providers/avanta.yaml",
        lambda d: d["sites"].extend(["avantajobs", "no-such-site"]),
        "sites[1]",
        "no-such-site",
    ),
    "unknown-site-in-a-dated-link": (
        "providers/jobcentre-plus.yaml",
        lambda d: d["sites"][0].update(id="no-such-site"),
        "sites[0]",
        "no-such-site",
    ),
    "site-listed-twice": (
        "providers/avanta.yaml",
        lambda d: d["sites"].extend(["avantajobs", "avantajobs"]),
        "sites[1]",
        "listed twice",
    ),
    "dated-link-without-a-source": (
        "sites/find-a-job.yaml",
        lambda d: d["used_by"][0].update(sources=[]),
        "used_by[0].sources",
        "no source",
    ),
    "nations-without-a-source": (
        "providers/serco.yaml",
        lambda d: d["nations"].update(sources=[]),
        "nations",
        "no source",
    ),
    "unknown-nation": (
        "providers/serco.yaml",
        lambda d: d["nations"].update(value=["mars"]),
        "nations.value[0]",
        "not allowed",
    ),
    "unknown-lawful-basis": (
        "providers/serco.yaml",
        lambda d: d.update(lawful_basis={"value": "vibes", "sources": []}),
        "lawful_basis.value",
        "not allowed",
    ),
    "letters-to-department-without-a-controller": (
        "sites/myworksearch.yaml",
        lambda d: d.update(letters_to="department"),
        "letters_to",
        "data_controller",
    ),
    "missing-field": (
        "recipients/dwp-foi.yaml",
        lambda d: d.pop("check_url"),
        "check_url",
        "missing",
    ),
    "unknown-field": (
        "sites/myworksearch.yaml",
        lambda d: d.update(colour="blue"),
        "colour",
        "not a field",
    ),
    "value-not-allowed": (
        "sites/avantajobs.yaml",
        lambda d: d["facts"]["use_is_mandatory"].update(value="maybe"),
        "facts.use_is_mandatory.value",
        "voluntary, mandatory, depends, unknown",
    ),
    "source-without-url-or-seed": (
        "sites/find-a-job.yaml",
        lambda d: d["operator"]["sources"][0].pop("url"),
        "operator.sources[0]",
        "url",
    ),
    "whatdotheyknow-for-sar": (
        "recipients/dwp-right-of-access.yaml",
        lambda d: d.update(whatdotheyknow="dwp"),
        "whatdotheyknow",
        "publishes every request",
    ),
}


@pytest.mark.parametrize("case", BREAKAGES, ids=list(BREAKAGES))
def test_validation_names_the_file_and_field_of_each_mistake(profiles: Path, case: str):
    rel, change, field, words = BREAKAGES[case]
    if change is None:
        (profiles / rel).write_text("id: avantajobs\nname: [unclosed\n", encoding="utf-8")
    else:
        edit(profiles, rel, change)
    problems = problems_in(profiles, rel)
    assert problems, f"no problem reported for {case}"
    matching = [p for p in problems if p.field == field and words in p.message]
    assert matching, "\n".join(str(p) for p in problems)
    assert {p.rule for p in problems} <= RULES
    assert [p.file for p in validate_profiles(profiles)] == [rel] * len(problems)


def test_broken_yaml_is_reported_with_its_line(profiles: Path):
    path = profiles / "sites" / "avantajobs.yaml"
    path.write_text("id: avantajobs\nname: avantajobs\naliases: [unclosed\n", encoding="utf-8")
    (problem,) = problems_in(profiles, "sites/avantajobs.yaml")
    assert problem.line in (3, 4)
    assert str(problem).startswith(f"sites/avantajobs.yaml:{problem.line}: ")


def test_impossible_unquoted_date_is_a_problem_not_a_crash(profiles: Path):
    path = profiles / "sites" / "find-a-job.yaml"
    text = path.read_text(encoding="utf-8").replace("from: 2018-05-14", "from: 2018-02-30")
    path.write_text(text, encoding="utf-8")
    (problem,) = problems_in(profiles, "sites/find-a-job.yaml")
    assert "2018-02-30 is not a real date" in problem.message
    assert text.splitlines()[problem.line - 1].strip() == "from: 2018-02-30"


def test_impossible_quoted_date_is_a_problem(profiles: Path):
    edit(
        profiles,
        "sites/universal-jobmatch.yaml",
        lambda d: d["status"].update({"until": "2018-13-01"}),
    )
    problems = problems_in(profiles, "sites/universal-jobmatch.yaml")
    assert any(p.field == "status.until" and "not a real date" in p.message for p in problems)


def test_unquoted_yes_gets_advice_to_quote_it(profiles: Path):
    path = profiles / "sites" / "myworksearch.yaml"
    text = path.read_text(encoding="utf-8").replace('value: "yes"', "value: yes", 1)
    path.write_text(text, encoding="utf-8")
    (problem,) = problems_in(profiles, "sites/myworksearch.yaml")
    assert problem.field == "facts.provider_access_by_default.value"
    assert 'like "yes"' in problem.message


def test_problem_points_at_the_line_of_the_field(profiles: Path):
    edit(
        profiles,
        "sites/find-a-job.yaml",
        lambda d: d["facts"]["data_controller"].update(sources=[]),
    )
    (problem,) = problems_in(profiles, "sites/find-a-job.yaml")
    lines = (profiles / "sites" / "find-a-job.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1].strip() == "data_controller:"
    assert str(problem) == (
        f"sites/find-a-job.yaml:{problem.line}: facts.data_controller: {problem.message}"
    )


def test_a_field_given_twice_is_reported(profiles: Path):
    path = profiles / "providers" / "g4s.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "history: true\n", encoding="utf-8")
    (problem,) = problems_in(profiles, "providers/g4s.yaml")
    assert problem.field == "history" and "twice" in problem.message


def test_all_problems_are_reported_in_one_run(profiles: Path):
    (profiles / "sites" / "avantajobs.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    edit(profiles, "recipients/ico.yaml", lambda d: d.update(check_url="javascript:alert(1)"))
    edit(profiles, "providers/serco.yaml", lambda d: d.update(id="serco-limited"))
    files = {p.file for p in validate_profiles(profiles)}
    # avantajobs can't be read, so avanta's link to it fails too: that is reported as well
    assert files == {"sites/avantajobs.yaml", "recipients/ico.yaml", "providers/serco.yaml"}


def test_python_tags_are_reported_and_never_run(profiles: Path, tmp_path: Path):
    marker = tmp_path / "ran"
    (profiles / "sites" / "evil.yaml").write_text(
        f"id: evil\nname: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
    (problem,) = problems_in(profiles, "sites/evil.yaml")
    assert "tag" in problem.message and problem.line == 2
    assert not marker.exists()


@pytest.mark.parametrize(
    "text",
    [
        "id: loop\nname: &a [*a]\n",
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
    ],
    ids=["refers-to-itself", "multiplies"],
)
def test_anchors_and_aliases_are_reported(profiles: Path, text: str):
    (profiles / "sites" / "loop.yaml").write_text(text, encoding="utf-8")
    (problem,) = problems_in(profiles, "sites/loop.yaml")
    assert "anchor" in problem.message and problem.rule == "yaml"


def test_a_file_not_ending_in_yaml_is_reported(profiles: Path):
    shutil.copy(profiles / "sites" / "find-a-job.yaml", profiles / "sites" / "find-a-job.yml")
    (problem,) = problems_in(profiles, "sites/find-a-job.yml")
    assert ".yaml" in problem.message


def test_empty_file_is_reported(profiles: Path):
    (profiles / "providers" / "empty.yaml").write_text("# nothing yet\n", encoding="utf-8")
    (problem,) = problems_in(profiles, "providers/empty.yaml")
    assert "empty" in problem.message


def test_seeds_file_is_checked(profiles: Path):
    path = profiles / "seeds.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"2011-11"', '"2011-13"'), encoding="utf-8"
    )
    (problem,) = problems_in(profiles, "seeds.yaml")
    assert problem.field == "[3].date" and "not a real date" in problem.message


def test_missing_folder_is_a_problem_not_a_crash(tmp_path: Path):
    (problem,) = validate_profiles(tmp_path / "nowhere")
    assert "no profiles folder" in problem.message
    with pytest.raises(ProfileError):
        load_catalogue(tmp_path / "nowhere")


def test_load_catalogue_raises_with_every_problem(profiles: Path):
    edit(profiles, "sites/find-a-job.yaml", lambda d: d.update(id="findajob"))
    edit(profiles, "providers/g4s.yaml", lambda d: d.update(history="no"))
    with pytest.raises(ProfileError) as raised:
        load_catalogue(profiles)
    assert {p.file for p in raised.value.problems} == {
        "sites/find-a-job.yaml",
        "providers/g4s.yaml",
    }
    assert "sites/find-a-job.yaml" in str(raised.value)


def test_a_fixed_profile_loads_again(profiles: Path):
    path = profiles / "sites" / "find-a-job.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("id: find-a-job", "id: findajob"), encoding="utf-8")
    with pytest.raises(ProfileError):
        load_catalogue(profiles)
    path.write_text(good, encoding="utf-8")
    assert load_catalogue(profiles).site("find-a-job")


def test_every_rule_is_documented_for_volunteers():
    readme = (PROFILES / "README.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"**{rule}**" in readme, rule
    assert "CC BY-SA 4.0" in readme


# --- starting a new profile ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, folder", [("site", "sites"), ("provider", "providers"), ("recipient", "recipients")]
)
def test_new_profile_validates_with_only_the_name_set(profiles: Path, kind: str, folder: str):
    path = new_profile(kind, "Siân's Example: Jobs Ltd", profiles)
    assert path == profiles / folder / "sians-example-jobs-ltd.yaml"
    assert problems_in(profiles, f"{folder}/{path.name}") == []
    loaded = getattr(load_catalogue(profiles), folder)["sians-example-jobs-ltd"]
    assert loaded.name == "Siân's Example: Jobs Ltd"


def test_new_site_profile_has_every_value_unknown(profiles: Path):
    profile_id = new_profile("site", "Example Jobs", profiles).stem
    site = load_catalogue(profiles).site(profile_id)
    assert site.status == "unknown" and not site.operator.known
    assert all(not fact.known for fact in site.facts.values())


def test_new_profile_comments_every_field(profiles: Path):
    text = new_profile("provider", "Example", profiles).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith((" ", "#")):
            assert "#" in line or line.endswith(":"), line


def test_new_profile_refuses_to_overwrite(profiles: Path):
    before = (profiles / "sites" / "find-a-job.yaml").read_text(encoding="utf-8")
    with pytest.raises(FileExistsError, match="already a site profile"):
        new_profile("site", "Find a job", profiles)
    assert (profiles / "sites" / "find-a-job.yaml").read_text(encoding="utf-8") == before


def test_new_profile_rejects_an_unknown_kind_or_empty_name(profiles: Path):
    with pytest.raises(ValueError, match="site, provider or recipient"):
        new_profile("website", "Example", profiles)
    with pytest.raises(ValueError, match="letter or digit"):
        new_profile("site", " -- ", profiles)


def test_slugify_makes_ids_from_names():
    assert slugify("Reed in Partnership") == "reed-in-partnership"
    assert slugify("  G4S (UK)  ") == "g4s-uk"
    assert slugify("Siân O’Brien-Jones") == "sian-obrien-jones"


# --- the recipients the letters need ----------------------------------------------------------


def test_every_recipient_a_letter_can_be_addressed_to_is_required():
    from itertools import product

    from sarkit.answers import Answers
    from sarkit.letters import _recipient_id
    from sarkit.profiles import REQUIRED_RECIPIENTS

    asked = {
        _recipient_id(role, Answers(nation=nation))
        for role, nation in product(
            ("dwp-access", "dwp-foi", "ico"), ("england", "northern-ireland")
        )
    }
    assert asked == set(REQUIRED_RECIPIENTS)


@pytest.mark.parametrize("recipient", ["dwp-right-of-access", "dfc-foi", "ico"])
def test_a_missing_recipient_stops_the_site_at_start_with_a_sentence(tmp_path, recipient):
    from sarkit import create_app
    from sarkit.profiles import ProfileError, validate_profiles

    copy = tmp_path / "profiles"
    shutil.copytree(paths.ROOT / "site_profiles", copy)
    (copy / "recipients" / f"{recipient}.yaml").unlink()
    problems = [str(p) for p in validate_profiles(copy)]
    assert problems == [
        f"recipients/{recipient}.yaml: This file is missing: the letters need "
        f"the recipient {recipient!r} (its name and address). Restore it from "
        f"git."
    ]
    with pytest.raises(ProfileError):
        create_app({"SECRET_KEY": "k", "PROFILES_DIR": str(copy)})


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:6379/",
        "http://169.254.169.254/latest/",
        "http://10.0.0.1/privacy",
        "file:///etc/passwd",
        "https://user:secret@example.org/privacy",
    ],
)
def test_profiles_validate_refuses_an_address_that_is_not_a_public_page(tmp_path, url):
    from sarkit.profiles import validate_profiles

    copy = tmp_path / "profiles"
    shutil.copytree(paths.ROOT / "site_profiles", copy)
    path = copy / "sites" / "find-a-job.yaml"
    text = path.read_text(encoding="utf-8")
    text, count = re.subn(r"(?m)^privacy_policy_url: .*$", f"privacy_policy_url: {url}", text)
    assert count == 1
    path.write_text(text, encoding="utf-8")
    problems = [p for p in validate_profiles(copy) if p.rule == "public-urls"]
    assert [(p.file, p.field) for p in problems] == [
        ("sites/find-a-job.yaml", "privacy_policy_url")
    ]
    assert problems[0].message.endswith("A profile may only point to a public web page.")
