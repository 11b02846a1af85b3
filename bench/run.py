"""sarkit's benchmark: ratios measured in one run, so they survive a noisy machine.

Run with `make bench` (or `.venv/bin/python bench/run.py [--quick]`). Not a test: it prints
figures for the README and closing notes. Every comparison interleaves its two sides, so load
on the machine hits both alike.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV_BIN = ROOT / ".venv" / "bin"
ANSWERS = {
    "nation": "england",
    "site": "myworksearch",
    "provider": "seetec",
    "name": "Sam Example",
    "address": "1 Example Street\nExampletown",
    "postcode": "EX1 1EX",
    "nino": "QQ123456C",
    "dob": "1980-02-03",
    "date": "2026-11-20",
    "provider_address": "Seetec\n1 Provider Road\nProvidertown PR1 1PR",
}
TEN_LETTERS = [
    "provider-questions",
    "dwp-sar",
    "dwp-foi",
    "site-sar",
    "objection",
    "erasure",
    "sensitive-data",
    "sar-reminder",
    "foi-internal-review",
    "ico-complaint",
]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def paired(a, b, rounds: int) -> tuple[float, float]:
    """Median seconds of a and of b, run alternately."""
    times_a, times_b = [], []
    for _ in range(rounds):
        times_a.append(timed(a))
        times_b.append(timed(b))
    return statistics.median(times_a), statistics.median(times_b)


def app_client():
    from bs4 import BeautifulSoup

    from sarkit import create_app

    app = create_app({"SECRET_KEY": "bench", "RATE_LIMIT": "off", "SESSION_COOKIE_SECURE": False})
    client = app.test_client()
    page = BeautifulSoup(client.get("/quick").get_data(as_text=True), "html.parser")
    token = page.find("input", {"name": "csrf_token"})["value"]
    return app, client, token


def bench_pdf_overhead(rounds: int) -> dict:
    """A letter PDF through the site (form, validation, letter, render) vs bare WeasyPrint."""
    from weasyprint import HTML

    from sarkit.letters import build_letter
    from sarkit.profiles import load_catalogue
    from sarkit.rendering import ASSET_SCHEME, default_renderer, render_letter_html

    _, client, token = app_client()
    data = {**ANSWERS, "csrf_token": token, "letters": "dwp-sar"}
    html = render_letter_html([build_letter("dwp-sar", _answers(), load_catalogue())])
    renderer = default_renderer()

    def site():
        assert client.post("/letters/dwp-sar.pdf", data=data).status_code == 200

    def bare():
        # The best WeasyPrint alone can do: the same warm fonts, stylesheet and cache.
        HTML(string=html, base_url=ASSET_SCHEME, url_fetcher=renderer.fetcher).write_pdf(
            stylesheets=[renderer.stylesheet],
            font_config=renderer.fonts,
            pdf_variant="pdf/ua-1",
            cache=renderer.cache,
        )

    site(), bare()  # warm both
    t_site, t_bare = paired(site, bare, rounds)
    return {"site_ms": t_site * 1000, "bare_ms": t_bare * 1000, "ratio": t_site / t_bare}


def bench_pack(rounds: int) -> dict:
    """A 10-letter pack in one PDF vs 10 single-letter PDFs."""
    _, client, token = app_client()
    data = {**ANSWERS, "csrf_token": token, "letters": TEN_LETTERS, "sent_on": "2026-10-01"}

    def pack():
        assert client.post("/letters/pack.pdf", data=data).status_code == 200

    def singles():
        for letter_id in TEN_LETTERS:
            one = {**data, "letters": letter_id}
            assert client.post(f"/letters/{letter_id}.pdf", data=one).status_code == 200

    pack(), singles()
    t_pack, t_singles = paired(pack, singles, max(3, rounds // 5))
    t_one = t_singles / len(TEN_LETTERS)
    return {
        "pack_ms": t_pack * 1000,
        "ten_singles_ms": t_singles * 1000,
        "one_letter_ms": t_one * 1000,
        "pack_vs_one_letter": t_pack / t_one,
        "pack_vs_ten_singles": t_pack / t_singles,
    }


def bench_memory(small: int, large: int) -> dict:
    """Peak memory of a process after `large` PDFs against after `small`."""
    code = f"""
import resource, sys
sys.path.insert(0, {str(ROOT)!r})
from bench.run import app_client, ANSWERS
_, client, token = app_client()
data = {{**ANSWERS, "csrf_token": token, "letters": "dwp-sar"}}
for n in range(1, {large} + 1):
    client.post("/letters/dwp-sar.pdf", data=data)
    if n in ({small}, {large}):
        print(n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"the memory run failed:\n{run.stderr[-2000:]}")
    out = run.stdout.split()
    rss = {int(out[0]): int(out[1]), int(out[2]): int(out[3])}
    return {
        f"peak_kb_after_{small}": rss[small],
        f"peak_kb_after_{large}": rss[large],
        "growth": rss[large] / rss[small] - 1,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_load(seconds: int) -> dict:
    """Pages per second under a bounded wrk run on loopback against /healthz on one server."""
    wrk = shutil.which("wrk")
    if not wrk:
        return {"skipped": "wrk is not installed (make setup installs it)"}
    port = free_port()
    env = {
        **os.environ,
        "SECRET_KEY": "bench",
        "SARKIT_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port)
        results = {}
        for name, path in (
            ("healthz", "/healthz"),
            ("start", "/"),
            ("profile", "/sites/myworksearch"),
        ):
            results[name] = _wrk(wrk, f"http://127.0.0.1:{port}{path}", seconds)
    finally:
        server.terminate()
        server.wait(timeout=10)
    base = results["healthz"]["rps"]
    for name in ("start", "profile"):
        results[name]["vs_healthz"] = results[name]["rps"] / base
    return results


def _wait_for(port: int) -> None:
    """Until every worker answers: the master accepts connections before workers are warm."""
    import urllib.request

    deadline, answered = time.time() + 60, 0
    while time.time() < deadline and answered < 10:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                answered += 1
        except OSError:
            time.sleep(0.2)
    if answered < 10:
        raise RuntimeError("gunicorn did not start")


def _wrk(wrk: str, url: str, seconds: int) -> dict:
    # Four connections for two sync workers: a queue, not timeouts (wrk gives up after 10 s).
    command = [wrk, "-t2", "-c4", f"-d{seconds}s", "--timeout", "10s", "--latency", url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p90 = re.search(r"90%\s+([\d.]+)(us|ms|s)", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": rps,
        "p90_ms": _ms(p90),
        "p99_ms": _ms(p99),
        "p95_ms_estimate": (_ms(p90) + _ms(p99)) / 2,
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "none",
    }


def _ms(match) -> float:
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def bench_page_weight() -> dict:
    """Bytes a browser fetches for the start page (compressed) vs govuk-frontend's CSS alone."""
    _, client, _ = app_client()
    accept = {"Accept-Encoding": "gzip"}
    page = client.get("/", headers=accept)
    total = len(page.data)
    html = gzip.decompress(page.data).decode()
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    for asset in set(assets):
        if "manifest" in asset or "icon-180" in asset:
            continue
        with client.get(asset, headers=accept) as response:
            total += len(response.data)
    govuk = ROOT / "node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css"
    govuk_gz = len(gzip.compress(govuk.read_bytes(), 9))
    return {"start_page_bytes": total, "govuk_css_gzip_bytes": govuk_gz, "ratio": total / govuk_gz}


def bench_batch(clients: int) -> dict:
    """A caseload of N clients in one `sarkit pack --answers-csv` vs N one-client runs."""
    sarkit = str(VENV_BIN / "sarkit")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sheet = tmp / "clients.csv"
        with sheet.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(ANSWERS))
            writer.writeheader()
            for _ in range(clients):
                writer.writerow(ANSWERS)
        (tmp / "one.json").write_text(json.dumps(ANSWERS))
        letters = "provider-questions,dwp-sar,dwp-foi"

        def batch():
            subprocess.run(
                [
                    sarkit,
                    "pack",
                    "--answers-csv",
                    str(sheet),
                    "--letters",
                    letters,
                    "-o",
                    str(tmp / "batch"),
                ],
                check=True,
                capture_output=True,
            )

        def singles():
            for n in range(clients):
                subprocess.run(
                    [
                        sarkit,
                        "pack",
                        "--answers",
                        str(tmp / "one.json"),
                        "--letters",
                        letters,
                        "-o",
                        str(tmp / f"one-{n}.pdf"),
                        "--ics",
                        str(tmp / f"one-{n}.ics"),
                    ],
                    check=True,
                    capture_output=True,
                )

        t_batch, t_singles = paired(batch, singles, 1)
    return {"batch_s": t_batch, "singles_s": t_singles, "ratio": t_batch / t_singles}


# The heaviest pack the limits allow (sarkit.answers.MAX_LINES, MAX_LENGTH; packs.MAX_LETTERS):
# every address at 10 lines and 300 characters, grounds at 20 lines and 1,000, adviser mode (so
# the authority is added), the provider not listed, and the 10 letters that print longest.
_ADDRESS = "\n".join(["x" * 25] * 10)[:300]
HEAVIEST = {
    **ANSWERS,
    "address": _ADDRESS,
    "provider": "",
    "provider_name": "Some Provider Ltd",
    "provider_address": _ADDRESS,
    "adviser_name": "A" * 100,
    "adviser_organisation": "O" * 100,
    "adviser_address": _ADDRESS,
    "adviser_email": "a@example.org",
    "grounds": "\n".join(["y" * 45] * 20)[:1000],
    "sent_on": "2026-10-01",
    "reference": "R" * 100,
    "letters": [
        "objection",
        "site-sar",
        "sensitive-data",
        "sar-reminder",
        "sar-refusal-challenge",
        "sar-incomplete",
        "sar-extension-query",
        "sar-clarification",
        "provider-requirement",
        "provider-questions",
    ],
}


def bench_heavy_pack(seconds: int) -> dict:
    """The heaviest allowed pack (time, pages), and GET / p95 idle against GET / p95 while four
    clients ask for that pack without pause, on one gunicorn instance with 4 workers."""
    import http.client
    import io
    import threading
    from urllib.parse import urlencode

    from pypdf import PdfReader

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SARKIT_")}
    env.update(
        {
            "SECRET_KEY": "bench",
            "SARKIT_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "4",
            "SARKIT_RATE_LIMIT": "off",
            "SARKIT_SECURE_COOKIES": "0",
        }
    )
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def request(method, path, body="", headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response.status, response.getheader("Set-Cookie") or "", data

    def pack_form() -> tuple[str, dict]:
        _, cookie, page = request("GET", "/quick")
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page)[1].decode()
        headers = {
            "Cookie": cookie.split(";")[0],
            "Content-Type": "application/x-www-form-urlencoded",
        }
        return urlencode({**HEAVIEST, "csrf_token": token}, doseq=True), headers

    def start_page_p95(for_seconds: float) -> tuple[float, int]:
        times, end = [], time.monotonic() + for_seconds
        while time.monotonic() < end:
            started = time.perf_counter()
            status, _, _ = request("GET", "/")
            times.append((time.perf_counter() - started) * 1000)
            assert status == 200
        return statistics.quantiles(times, n=20)[-1], len(times)

    try:
        _wait_for(port)
        body, headers = pack_form()
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            status, _, pdf = request("POST", "/letters/pack.pdf", body, headers)
            timings.append(time.perf_counter() - started)
        assert status == 200, status
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        idle_p95, idle_n = start_page_p95(seconds)
        stop, outcomes = threading.Event(), []

        def hammer():
            form, hdrs = pack_form()
            while not stop.is_set():
                outcomes.append(request("POST", "/letters/pack.pdf", form, hdrs)[0])

        clients = [threading.Thread(target=hammer) for _ in range(4)]
        for client in clients:
            client.start()
        time.sleep(1)
        loaded_p95, loaded_n = start_page_p95(seconds)
        stop.set()
        for client in clients:
            client.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "heaviest_pack_seconds": statistics.median(timings),
        "heaviest_pack_pages": pages,
        "start_page_p95_ms_idle": idle_p95,
        "start_page_requests_idle": idle_n,
        "start_page_p95_ms_with_4_pack_clients": loaded_p95,
        "start_page_requests_loaded": loaded_n,
        "packs_made": outcomes.count(200),
        "packs_busy_503": outcomes.count(503),
        "loaded_vs_idle_p95": loaded_p95 / idle_p95,
    }


def _answers():
    from sarkit.answers import parse_answers

    return parse_answers(ANSWERS)[0]


def bench_reply_reader(rounds: int) -> dict:
    """The reply reader: right, unsure and wrong over the hand-labelled corpus (all of it, and
    the held-out quarter), and the time per page for a PDF's text layer and for OCR of a photo,
    in the same run (interleaved)."""
    import io

    import pypdfium2
    import yaml
    from PIL import ImageEnhance
    from weasyprint import HTML

    from sarkit.reply_files import read_file
    from sarkit.reply_reader import UNSURE, read_text

    corpus = ROOT / "tests" / "reply_corpus"
    entries = yaml.safe_load((corpus / "index.yaml").read_text(encoding="utf-8"))
    counts = {
        "all": {"right": 0, "unsure": 0, "wrong": 0},
        "held_out": {"right": 0, "unsure": 0, "wrong": 0},
    }
    refusals = {"answered", "acknowledged", UNSURE}
    refusal_as_answered = wrongly_answered = 0
    for entry in entries:
        found = read_text((corpus / entry["file"]).read_text(encoding="utf-8")).kind
        result = "right" if found == entry["kind"] else "unsure" if found == UNSURE else "wrong"
        counts["all"][result] += 1
        if entry["held_out"]:
            counts["held_out"][result] += 1
        wrongly_answered += found == "answered" and entry["kind"] != "answered"
        refusal_as_answered += found == "answered" and entry["kind"] not in refusals
    second = corpus / "held_out_2"  # labelled blind, never tuned on
    counts["held_out_2"] = {"right": 0, "unsure": 0, "wrong": 0}
    for entry in yaml.safe_load((second / "index.yaml").read_text(encoding="utf-8")):
        found = read_text((second / entry["file"]).read_text(encoding="utf-8")).kind
        result = "right" if found == entry["kind"] else "unsure" if found == UNSURE else "wrong"
        counts["held_out_2"][result] += 1
    text = (corpus / "01-dwp-cost-deprivation-capital.txt").read_text(encoding="utf-8")
    body = "".join(f"<p>{line}</p>" for line in text.split("\n") if line.strip())
    pdf = HTML(string=f"<html><body>{body}</body></html>").write_pdf()
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=200 / 72).to_pil().convert("RGB")
    image = ImageEnhance.Brightness(image.rotate(2, expand=True)).enhance(0.7)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    photo = out.getvalue()
    text_times, ocr_times = paired(
        lambda: read_file(pdf, "a.pdf"), lambda: read_file(photo, "a.jpg"), rounds
    )
    return {
        "corpus": len(entries),
        "all": counts["all"],
        "held_out": counts["held_out"],
        "held_out_2": counts["held_out_2"],
        "read_as_answered_wrongly": wrongly_answered,
        "refusal_read_as_answered": refusal_as_answered,
        "text_pdf_ms_per_page": round(text_times * 1000, 1),
        "ocr_photo_ms_per_page": round(ocr_times * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, for a smoke run")
    args = parser.parse_args()
    rounds = 5 if args.quick else 30
    report = {
        "machine": f"{os.cpu_count()} cores, {sys.platform}, Python {sys.version.split()[0]}",
        "pdf_overhead": bench_pdf_overhead(rounds),
        "pack": bench_pack(rounds),
        "memory": bench_memory(50, 100 if args.quick else 500),
        "page_weight": bench_page_weight(),
        "load": bench_load(3 if args.quick else 10),
        "heavy_pack": bench_heavy_pack(5 if args.quick else 20),
        "batch": bench_batch(5 if args.quick else 25),
        "reply_reader": bench_reply_reader(3 if args.quick else 10),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
