"""`sarkit profiles check` against a real local HTTP server (pytest-httpserver), never the internet.

Each test copies the profiles to a temporary folder, points SARKIT_PROFILES_DIR at it, turns
every privacy and terms address off, and then points the ones it needs at the local server.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
from datetime import date
from pathlib import Path

import pytest
import urllib3
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from sarkit import paths
from sarkit.cli import main
from sarkit.profile_check import (
    USER_AGENT,
    CheckError,
    Outcome,
    Settings,
    _PoliteRetry,
    check_profiles,
    describe_network_error,
    exit_code,
    extract_text,
    highlight,
    md_escape,
    pages_to_check,
    render_report,
    run,
    set_last_checked,
    snapshot_path,
    update_profiles,
)
from sarkit.profiles import load_catalogue

PROFILES = paths.ROOT / "site_profiles"
URL_FIELDS = re.compile(r"^(privacy_policy_url|terms_url|privacy_notice_url):.*$", re.MULTILINE)
# The tests' servers are on loopback, which the checker refuses by default (SSRF): allow it here.
FAST = Settings(
    connect_timeout=2, read_timeout=1, backoff=0, allowed=lambda address: address.is_loopback
)
TODAY = date(2026, 11, 23)

OLD_PAGE = """<!doctype html>
<html><head><title>Privacy</title><style>p {color: red}</style></head>
<body>
  <header>Find a job</header>
  <nav><a href="/">Home</a> <a href="/jobs">Jobs</a></nav>
  <main>
    <h1>Privacy notice</h1>
    <p>The DWP are the Data Controller of any personal data processed by
       the Service.</p>
    <p>We keep your CV for 2 years.</p>
  </main>
  <footer>Cookies | Contact</footer>
  <script>var tracking = "DWP";</script>
</body></html>"""

NEW_PAGE = OLD_PAGE.replace(
    "<p>We keep your CV for 2 years.</p>",
    "<p>We keep your CV for 5 years.</p>\n"
    "<p>We share your job search activity with DWP and your employment provider.</p>",
)


@pytest.fixture(scope="module")
def threaded_server():
    """One local server for the module; threaded, so a slow answer holds up only itself."""
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def server(threaded_server: HTTPServer) -> HTTPServer:
    threaded_server.clear()
    return threaded_server


@pytest.fixture
def profiles(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the profiles with every page address off, used through SARKIT_PROFILES_DIR."""
    folder = Path(
        shutil.copytree(
            PROFILES, tmp_path / "site_profiles", ignore=shutil.ignore_patterns("snapshots")
        )
    )
    for path in folder.glob("*/*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(URL_FIELDS.sub(r"\1: null", text), encoding="utf-8")
    monkeypatch.setenv("SARKIT_PROFILES_DIR", str(folder))
    monkeypatch.chdir(tmp_path)
    return folder


def point(folder: Path, rel: str, field: str, url: str) -> None:
    """Set one address in a profile by editing its line, as a volunteer would."""
    path = folder / rel
    text, count = re.subn(
        rf"^{field}:.*$", f"{field}: {url}", path.read_text(encoding="utf-8"), flags=re.MULTILINE
    )
    assert count == 1, f"{rel} has no {field} line"
    path.write_text(text, encoding="utf-8")


def snapshot(folder: Path, site_id: str, html: str, kind: str = "privacy") -> Path:
    path = snapshot_path(folder, "site", site_id, kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(extract_text(html) + "\n", encoding="utf-8")
    return path


def check(folder: Path, server: HTTPServer, settings: Settings = FAST):
    """Check the profiles, after making sure every address is on the local server."""
    pages, _ = pages_to_check(load_catalogue(folder), folder)
    assert pages, "no page points at the local server"
    assert all(p.url.startswith(server.url_for("/")) for p in pages), [p.url for p in pages]
    return check_profiles(folder, settings, today=TODAY)


def only(report):
    assert len(report.results) == 1, report.results
    return report.results[0]


def serve(server: HTTPServer, path: str, html: str, status: int = 200) -> str:
    server.expect_request(path).respond_with_data(
        html, status=status, content_type="text/html; charset=utf-8"
    )
    return server.url_for(path)


# --- extracting text ------------------------------------------------------------------------------


def test_text_drops_code_menus_headers_and_footers_one_paragraph_a_line():
    assert extract_text(OLD_PAGE) == (
        "Privacy notice\n"
        "The DWP are the Data Controller of any personal data processed by the Service.\n"
        "We keep your CV for 2 years."
    )


def test_text_keeps_list_items_and_breaks_apart_and_inline_words_together():
    html = "<ul><li>One <b>bold</b>&nbsp;word</li><li>Two<br>lines</li></ul><!-- secret -->"

    assert extract_text(html) == "One bold word\nTwo\nlines"


# --- outcomes -----------------------------------------------------------------------------------


def test_changed_page_is_reported_with_a_diff_and_the_new_dwp_passage(profiles, server):
    url = serve(server, "/find-a-job/privacy", NEW_PAGE)
    point(profiles, "sites/find-a-job.yaml", "privacy_policy_url", url)
    snapshot(profiles, "find-a-job", OLD_PAGE)

    result = only(check(profiles, server))

    assert result.outcome is Outcome.CHANGED
    assert "-We keep your CV for 2 years." in result.diff
    assert "+We keep your CV for 5 years." in result.diff
    new = [p.text for p in result.passages if p.new]
    assert new == ["We share your job search activity with DWP and your employment provider."]


def test_report_highlights_the_new_passage(profiles, server):
    url = serve(server, "/find-a-job/privacy", NEW_PAGE)
    point(profiles, "sites/find-a-job.yaml", "privacy_policy_url", url)
    snapshot(profiles, "find-a-job", OLD_PAGE)

    report = render_report(check(profiles, server))

    assert "### Find a job: privacy page: changed" in report
    assert (
        "> **New:** We **share** your job search activity with **DWP** and your employment "
        "**provider**."
    ) in report
    assert "+We keep your CV for 5 years." in report
    assert "tracking" not in report  # the script's text is not the page's


def test_redirect_is_reported_as_moved_with_the_new_address(profiles, server):
    new_url = serve(server, "/privacy-notice", OLD_PAGE)
    server.expect_request("/privacy").respond_with_response(
        Response(status=301, headers={"Location": new_url})
    )
    point(profiles, "sites/find-a-job.yaml", "privacy_policy_url", server.url_for("/privacy"))
    snapshot(profiles, "find-a-job", OLD_PAGE)

    result = only(check(profiles, server))

    assert result.outcome is Outcome.MOVED
    assert result.final_url == new_url
    assert f"Now at: <{new_url}>" in render_report(check(profiles, server))


@pytest.mark.parametrize("status", [404, 410])
def test_missing_page_is_reported_as_gone(profiles, server, status):
    url = serve(server, "/privacy", "Not here", status=status)
    point(profiles, "sites/find-a-job.yaml", "privacy_policy_url", url)
    kept = snapshot(profiles, "find-a-job", OLD_PAGE)

    report = check(profiles, server)
    update_profiles(report)

    assert only(report).outcome is Outcome.GONE
    assert kept.read_text(encoding="utf-8") == extract_text(OLD_PAGE) + "\n"  # evidence kept


def test_slow_page_is_an_error_and_the_check_goes_on(profiles, server):
    checked = threading.Event()
    asked = []

    def slow(request: Request) -> Response:
        asked.append(request.path)  # counted on arrival: a retry would ask twice
        checked.wait(FAST.read_timeout + 2)  # longer than the checker waits
        return Response(OLD_PAGE, content_type="text/html")

    server.expect_request("/slow").respond_with_handler(slow)
    point(profiles, "sites/find-a-job.yaml", "privacy_policy_url", server.url_for("/slow"))
    point(
        profiles, "providers/seetec.yaml", "privacy_notice_url", serve(server, "/seetec", OLD_PAGE)
    )

    try:
        report = check(profiles, server)
    finally:
        checked.set()  # let the handler finish now, not during the next test

    outcomes = {r.page.owner_id: r for r in report.results}
    assert outcomes["find-a-job"].outcome is Outcome.ERROR
    assert outcomes["find-a-job"].detail == "The site took longer than 1 seconds to answer."
    assert outcomes["seetec"].outcome is Outcome.NEW
    # Counted, not timed, so a loaded machine cannot fail it: a read timeout is never retried.
    assert asked == ["/slow"], "a read timeout was retried"
    assert exit_code(report.results) == 1


def test_unchanged_page_is_unchanged_and_needs_nobody(profiles, server):
    url = serve(server, "/privacy", OLD_PAGE)
    point(profiles, "sites/find-a-job.yaml", "privacy_policy_url", url)
    snapshot(profiles, "find-a-job", OLD_PAGE)

    report = check(profiles, server)

    assert only(report).outcome is Outcome.UNCHANGED
    assert exit_code(report.results) == 0


def test_page_without_a_snapshot_is_new_with_its_passages(profiles, server):
    url = serve(server, "/privacy", OLD_PAGE)
    point(profiles, "sites/find-a-job.yaml", "privacy_policy_url", url)

    result = only(check(profiles, server))

    assert result.outcome is Outcome.NEW
    assert [p.text for p in result.passages] == [
        "The DWP are the Data Controller of any personal data processed by the Service."
    ]


def test_provider_privacy_notices_are_checked_into_their_own_folder(profiles, server):
    url = serve(server, "/seetec", OLD_PAGE)
    point(profiles, "providers/seetec.yaml", "privacy_notice_url", url)

    report = check(profiles, server)
    update_profiles(report)

    assert only(report).page.label == "Seetec: privacy page"
    assert (profiles / "snapshots" / "providers" / "seetec-privacy.txt").is_file()


def test_server_error_is_retried_once_then_an_error(profiles, server):
    server.expect_request("/broken").respond_with_data("Oops", status=503)
    point(profiles, "sites/find-a-job.yaml", "privacy_policy_url", server.url_for("/broken"))

    result = only(check(profiles, server))

    assert result.outcome is Outcome.ERROR
    assert result.detail.startswith("The site answered with status 503")
    tries = [request for request, _ in server.log if request.path == "/broken"]
    assert len(tries) == 2, "expected the first try and one retry"


def test_a_server_error_that_clears_up_is_read_on_the_retry(profiles, server):
    answers = iter([Response("Busy", status=502), Response(OLD_PAGE, content_type="text/html")])
    server.expect_request("/flaky").respond_with_handler(lambda request: next(answers))
    point(profiles, "sites/find-a-job.yaml", "privacy_policy_url", server.url_for("/flaky"))

    assert only(check(profiles, server)).outcome is Outcome.NEW


def test_the_retry_waits_first():
    retry = _PoliteRetry(total=1, backoff_factor=1.5).increment(
        method="GET", url="/", error=urllib3.exceptions.NewConnectionError(None, "refused")
    )

    assert retry.get_backoff_time() == 1.5


def test_requests_say_who_we_are(profiles, server):
    url = serve(server, "/privacy", OLD_PAGE)
    point(profiles, "sites/find-a-job.yaml", "privacy_policy_url", url)

    check(profiles, server)

    request = next(request for request, _ in server.log if request.path == "/privacy")
    assert request.headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("sarkit-profile-checker/0.1 (+https://github.com/")


def test_a_file_that_is_not_a_web_page_is_an_error(profiles, server):
    server.expect_request("/privacy.pdf").respond_with_data(
        b"%PDF-1.7", content_type="application/pdf"
    )
    point(profiles, "sites/find-a-job.yaml", "privacy_policy_url", server.url_for("/privacy.pdf"))

    result = only(check(profiles, server))

    assert result.outcome is Outcome.ERROR
    assert "application/pdf" in result.detail


def test_a_quote_no_longer_on_the_page_is_pointed_out(profiles, server):
    url = serve(server, "/privacy", OLD_PAGE)
    path = profiles / "sites" / "find-a-job.yaml"
    text = path.read_text(encoding="utf-8").replace("https://findajob.dwp.gov.uk/privacy.html", url)
    path.write_text(text, encoding="utf-8")
    point(profiles, "sites/find-a-job.yaml", "privacy_policy_url", url)

    result = only(check(profiles, server))

    assert "The DWP are the Data Controller of any personal data processed by the Service" not in (
        result.missing_quotes
    )
    assert (
        "Adzuna provide the Service and protect the personal data acting in their role as the "
        "Data Processor, alongside Amazon Web Services"
    ) in result.missing_quotes


def test_page_text_cannot_inject_markdown_into_the_report():
    passage = "Share with DWP [click](http://evil.example) <img src=x> ![i](x.png) **x**"

    shown = highlight(passage)

    # Every Markdown mark is escaped (sarkit.markdown_literal); only our bold is left live.
    assert shown == (
        "**Share** with **DWP** \\[click\\]\\(http://evil.example\\) "
        "\\<img src\\=x\\> \\!\\[i\\]\\(x.png\\) \\*\\*x\\*\\*"
    )


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("# Not a heading", "\\# Not a heading"),
        ("- not a list", "\\- not a list"),
        ("1. not a numbered list", "1\\. not a numbered list"),
        ("> not a quote", "\\> not a quote"),
        ("| not | a table |", "\\| not \\| a table \\|"),
    ],
)
def test_page_text_cannot_start_markdown_blocks_in_the_report(text, escaped):
    assert md_escape(text) == escaped


def test_dns_failure_is_explained_in_plain_english():
    cause = urllib3.exceptions.NameResolutionError("nowhere.invalid", None, socket.gaierror())
    error = urllib3.exceptions.MaxRetryError(None, "/", cause)

    assert describe_network_error(error).startswith("The site's name could not be found (DNS).")


# --- --update -------------------------------------------------------------------------------------


def test_update_writes_the_snapshot_and_sets_last_checked(profiles, server):
    url = serve(server, "/privacy", NEW_PAGE)
    point(profiles, "sites/find-a-job.yaml", "privacy_policy_url", url)
    stored = snapshot(profiles, "find-a-job", OLD_PAGE)
    profile = profiles / "sites" / "find-a-job.yaml"
    before = profile.read_text(encoding="utf-8").splitlines()

    update_profiles(check(profiles, server))

    assert stored.read_text(encoding="utf-8") == extract_text(NEW_PAGE) + "\n"
    after = profile.read_text(encoding="utf-8").splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert changed == [("last_checked: null", "last_checked: 2026-11-23")]
    assert load_catalogue(profiles).sites["find-a-job"].last_checked == TODAY
    assert check(profiles, server).results[0].outcome is Outcome.UNCHANGED


def test_update_leaves_last_checked_alone_when_a_page_could_not_be_read(profiles, server):
    server.expect_request("/broken").respond_with_data("Oops", status=500)
    point(profiles, "sites/find-a-job.yaml", "privacy_policy_url", server.url_for("/broken"))

    written = update_profiles(check(profiles, server))

    assert written == []
    assert load_catalogue(profiles).sites["find-a-job"].last_checked is None


def test_last_checked_edit_keeps_comments_and_layout(tmp_path: Path):
    path = tmp_path / "site.yaml"
    path.write_text(
        "id: x  # the id\nfacts:\n  last_checked: null\n"
        "last_checked: null  # the day a person last compared those pages\n"
        "terms_url: null\n",
        encoding="utf-8",
    )

    assert set_last_checked(path, TODAY) is True

    assert path.read_text(encoding="utf-8") == (
        "id: x  # the id\nfacts:\n  last_checked: null\n"
        "last_checked: 2026-11-23  # the day a person last compared those pages\n"
        "terms_url: null\n"
    )
    assert set_last_checked(path, TODAY) is False


# --- exit codes and the command -----------------------------------------------------------------


def test_exit_code_is_2_when_no_page_could_be_read(profiles, server):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{unused.getsockname()[1]}/privacy"
    point(profiles, "sites/find-a-job.yaml", "privacy_policy_url", closed)

    result = run(profiles, tmp_report := profiles.parent / "report.md", settings=FAST)

    assert result.exit_code == 2
    assert "No page could be read" in result.errors[0]
    assert "Could not connect to the site" in tmp_report.read_text(encoding="utf-8")


def test_exit_code_is_2_when_the_profiles_are_invalid(profiles):
    (profiles / "sites" / "find-a-job.yaml").write_text("id: [unclosed\n", encoding="utf-8")

    result = run(profiles, profiles.parent / "report.md", settings=FAST)

    assert result.exit_code == 2
    assert "sites/find-a-job.yaml" in result.errors[0]


def test_nothing_to_check_is_exit_0(profiles):
    result = run(profiles, profiles.parent / "report.md", settings=FAST)

    assert result.exit_code == 0
    assert "Checked 0 pages: nothing." in (profiles.parent / "report.md").read_text()


@pytest.fixture
def cli_may_fetch_loopback(monkeypatch):
    """`sarkit profiles check` builds its own Settings: let those reach the tests' server."""
    import functools

    from sarkit import profile_check

    monkeypatch.setattr(
        profile_check, "Settings", functools.partial(Settings, allowed=FAST.allowed)
    )


def test_command_reports_a_change_and_exits_1(profiles, server, cli_may_fetch_loopback):
    url = serve(server, "/privacy", NEW_PAGE)
    point(profiles, "sites/find-a-job.yaml", "privacy_policy_url", url)
    snapshot(profiles, "find-a-job", OLD_PAGE)

    result = CliRunner().invoke(main, ["profiles", "check"])

    assert result.exit_code == 1, result.output
    assert re.search(r"^changed\s+Find a job: privacy page\s+http://", result.stdout, re.M)
    assert "1 new passage(s) mention DWP" in result.stdout
    report = (profiles.parent / "profile-check-report.md").read_text(encoding="utf-8")
    assert "**New:**" in report
    unchecked = next(
        line
        for line in report.splitlines()
        if line.startswith("Sites with no privacy or terms address to check: ")
    )
    assert {"avantajobs", "MyWorkSearch", "Jobs 22 job support app"} <= set(
        unchecked.split(": ", 1)[1].rstrip(".").split(", ")
    )


def test_command_with_update_then_again_exits_0(profiles, server, cli_may_fetch_loopback):
    url = serve(server, "/privacy", NEW_PAGE)
    point(profiles, "sites/find-a-job.yaml", "privacy_policy_url", url)
    report = profiles.parent / "elsewhere.md"

    first = CliRunner().invoke(main, ["profiles", "check", "--update", "--report", str(report)])
    second = CliRunner().invoke(main, ["profiles", "check", "--report", str(report)])

    assert first.exit_code == 1, first.output
    assert "Updated 2 file(s): find-a-job-privacy.txt, find-a-job.yaml." in first.stdout
    assert second.exit_code == 0, second.output
    assert "Checked 1 page(s): 1 unchanged." in second.stdout
    assert not (profiles.parent / "profile-check-report.md").exists()


def test_command_says_why_it_could_not_run_and_exits_2(profiles):
    (profiles / "sites" / "find-a-job.yaml").write_text("id: [unclosed\n", encoding="utf-8")

    result = CliRunner().invoke(main, ["profiles", "check"])

    assert result.exit_code == 2
    assert "sarkit profiles validate" in result.stderr


def test_last_checked_edit_explains_a_missing_line(tmp_path: Path):
    path = tmp_path / "site.yaml"
    path.write_text("id: x\n", encoding="utf-8")

    with pytest.raises(CheckError, match="Add `last_checked: null`"):
        set_last_checked(path, TODAY)


def test_a_page_that_breaks_the_checker_is_an_error_and_the_run_goes_on(
    profiles, server, monkeypatch
):
    from sarkit import profile_check

    point(profiles, "sites/find-a-job.yaml", "privacy_policy_url", serve(server, "/a", OLD_PAGE))
    point(profiles, "providers/seetec.yaml", "privacy_notice_url", serve(server, "/b", OLD_PAGE))
    real = profile_check.check_page

    def breaks_on_find_a_job(page, fetched):
        if page.owner_id == "find-a-job":
            raise RecursionError("maximum recursion depth exceeded")
        return real(page, fetched)

    monkeypatch.setattr(profile_check, "check_page", breaks_on_find_a_job)
    outcomes = {r.page.owner_id: r for r in check(profiles, server).results}
    assert outcomes["find-a-job"].outcome is Outcome.ERROR
    assert outcomes["find-a-job"].detail == (
        "The page could not be read (RecursionError). Check it by hand."
    )
    assert outcomes["seetec"].outcome is Outcome.NEW
