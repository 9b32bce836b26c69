"""reflow batch: many files into OUTDIR, failures counted not fatal, outputs kept inside OUTDIR."""
from __future__ import annotations

import json
import os
import pickle

import pytest

import reflow
from reflow.batch import (
    FileReport,
    Job,
    Settings,
    clean_file,
    collect_inputs,
    exit_status,
    freeze_options,
    main,
    output_name,
    plan_jobs,
    run_jobs,
    safe_target,
)
from reflow.cli import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_OUTPUT, EXIT_USAGE
from reflow.cli import main as cli_main
from reflow.lexicon import _frequencies

SAMPLE = "The workers were strik-\ning against a government.\n\nA new paragraph.\n"
CLEANED = "The workers were striking against a government.\n\nA new paragraph.\n"
# Few passes keep worker start-up and cleaning quick; the batch machinery is what is tested.
FAST = ["--passes", "pages,dehyphenate,paragraphs"]
FAST_SETTINGS = Settings(freeze_options({"passes": ["pages", "dehyphenate", "paragraphs"]}))


@pytest.fixture(scope="module", autouse=True)
def loaded_lexicon():
    """Load English frequencies here once: forked workers inherit them, which keeps these tests quick."""
    reflow.clean(SAMPLE)


@pytest.fixture
def tree(tmp_path):
    """in/a.txt, in/sub/b.txt, a hidden file, a non-matching file and one binary file."""
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(SAMPLE, encoding="utf-8")
    (src / "sub" / "b.txt").write_text(SAMPLE.replace("workers", "miners"), encoding="utf-8")
    (src / ".hidden.txt").write_text(SAMPLE, encoding="utf-8")
    (src / "notes.md").write_text(SAMPLE, encoding="utf-8")
    (src / "sub" / "broken.txt").write_bytes(bytes(range(32)) * 100)
    return src


def test_directory_run_cleans_counts_failures_and_reports(tree, tmp_path, capsys):
    out, report = tmp_path / "out", tmp_path / "report.json"
    code = main([str(tree), "-o", str(out), "-j", "2", "--report", str(report), *FAST])
    err = capsys.readouterr().err
    assert code == EXIT_INPUT  # the binary file failed; the others went through
    assert (out / "a.txt").read_text(encoding="utf-8") == CLEANED
    assert (out / "sub" / "b.txt").read_text(encoding="utf-8").startswith("The miners were striking")
    assert sorted(p.name for p in out.rglob("*")) == ["a.txt", "b.txt", "sub"]  # no hidden, .md or temp files
    assert f"{tree / 'sub' / 'broken.txt'}: is a binary file" in err
    assert "2 cleaned, 0 skipped, 1 failed (1 input) of 3 files" in err
    summary = json.loads(report.read_text(encoding="utf-8"))
    assert summary["cleaned"] == 2 and summary["failed"] == 1 and summary["workers"] == 2
    assert summary["edits"]["dehyphenate"] == 2
    assert summary["failures"] == [{"file": str(tree / "sub" / "broken.txt"), "kind": "input", "message": summary["failures"][0]["message"]}]


def test_resume_skips_finished_outputs_and_redoes_stale_ones(tree, tmp_path, capsys):
    (tree / "sub" / "broken.txt").unlink()
    out = tmp_path / "out"
    assert main([str(tree), "-o", str(out), "-j", "1", *FAST]) == EXIT_OK
    stale = out / "a.txt"
    stale.write_text("stale", encoding="utf-8")
    os.utime(stale, (1, 1))  # older than its input
    capsys.readouterr()
    assert main([str(tree), "-o", str(out), "-j", "1", "--resume", *FAST]) == EXIT_OK
    assert "1 cleaned, 1 skipped, 0 failed of 2 files" in capsys.readouterr().err
    assert stale.read_text(encoding="utf-8") == CLEANED


def test_cli_routes_batch_and_json_outputs_get_json_suffix(tree, tmp_path, capsys):
    out = tmp_path / "out"
    code = cli_main(["batch", str(tree / "a.txt"), "-o", str(out), "--format", "json", *FAST])
    assert code == EXIT_OK
    assert json.loads((out / "a.json").read_text(encoding="utf-8"))["body"].startswith("The workers were striking")


def test_usage_errors(tmp_path, capsys):
    assert main([str(tmp_path), "-o", str(tmp_path / "o"), "--jobs", "0"]) == EXIT_USAGE
    assert main([str(tmp_path), "-o", str(tmp_path / "o"), "--skip", "nosuchpass"]) == EXIT_USAGE
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main([str(empty / "*.txt"), "-o", str(tmp_path / "o")]) == EXIT_INPUT
    assert "no file matches" in capsys.readouterr().err


def test_inputs_from_globs_and_files_are_named_inside_outdir(tree, tmp_path):
    outdir = os.path.realpath(tmp_path / "out")
    found, unmatched = collect_inputs(
        [str(tree / ".." / "in" / "sub" / "*.txt"), str(tree / "**" / "a.txt"), os.path.abspath(tree / "a.txt")],
        "*.txt", outdir,
    )
    assert unmatched == []
    names = [name for _, name in found]
    assert names == ["b.txt", "broken.txt", "a.txt", "a.txt"]  # relative to the glob base; files by name
    jobs, settled = plan_jobs(found, outdir, "markdown", resume=False)
    assert sorted(job.relative for job in jobs) == ["a.md", "b.md", "broken.md"]  # a.txt twice is one file
    assert settled == []


def test_output_names_never_climb_out(tmp_path):
    outdir = os.path.realpath(tmp_path / "out")
    os.makedirs(outdir)
    assert output_name("sub/book.pdf", "text") == "sub/book.txt"
    for bad in ("../evil.txt", "/etc/evil.txt", "a/../../evil.txt", "a//b.txt", "./a.txt"):
        with pytest.raises(OSError):
            safe_target(outdir, bad)
    assert safe_target(outdir, "x/y/z.txt") == os.path.join(outdir, "x", "y", "z.txt")


def test_symlinks_inside_outdir_cannot_lead_outside(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "sub").symlink_to(outside, target_is_directory=True)
    (outdir / "a.txt").symlink_to(victim)
    source = tmp_path / "a.txt"
    source.write_text(SAMPLE, encoding="utf-8")
    real_out = os.path.realpath(outdir)

    report = clean_file(Job(str(source), "sub/a.txt"), real_out, FAST_SETTINGS)
    assert report.status == "output" and "outside the output directory" in report.message
    assert sorted(os.listdir(outside)) == ["victim.txt"]

    # An existing output that is a symlink is replaced by a file; its target is untouched.
    assert clean_file(Job(str(source), "a.txt"), real_out, FAST_SETTINGS).status == "ok"
    assert not (outdir / "a.txt").is_symlink() and (outdir / "a.txt").read_text(encoding="utf-8") == CLEANED
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_clashing_outputs_and_overwriting_an_input_fail_alone(tmp_path):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(SAMPLE, encoding="utf-8")
    outdir = os.path.realpath(tmp_path / "x")  # OUTDIR holds an input
    found, _ = collect_inputs([str(tmp_path / "y" / "a.txt"), str(tmp_path / "x" / "a.txt")], "*.txt", outdir)
    jobs, settled = plan_jobs(found, outdir, "text", resume=False)
    assert [job.source for job in jobs] == [str(tmp_path / "y" / "a.txt")]
    assert [r.message for r in settled] == [f"output a.txt is already the output of {tmp_path / 'y' / 'a.txt'}"]
    found, _ = collect_inputs([str(tmp_path / "x" / "a.txt")], "*.txt", outdir)
    jobs, settled = plan_jobs(found, outdir, "text", resume=False)
    assert jobs == [] and settled[0].message == "output a.txt would overwrite its input"


def crash_on_marker(doc, ctx):
    """A pass that kills its worker process on one input, as a crashing C extension would."""
    if "KILL-THE-WORKER" in doc.source:
        os._exit(70)


def test_a_worker_death_fails_only_the_file_that_caused_it(tmp_path):
    jobs = []
    for i, text in enumerate([SAMPLE, SAMPLE, "KILL-THE-WORKER\n", SAMPLE, SAMPLE]):
        path = tmp_path / f"f{i}.txt"
        path.write_text(text, encoding="utf-8")
        jobs.append(Job(str(path), f"f{i}.txt"))
    settings = Settings(freeze_options({"passes": ["pages", crash_on_marker, "paragraphs"]}))
    outdir = os.path.realpath(tmp_path / "out")
    reports = list(run_jobs(jobs, outdir, settings, workers=2))
    assert sorted((os.path.basename(r.source), r.status) for r in reports) == [
        ("f0.txt", "ok"), ("f1.txt", "ok"), ("f2.txt", "internal"), ("f3.txt", "ok"), ("f4.txt", "ok"),
    ]
    assert exit_status(reports) == EXIT_INTERNAL


def test_exit_status_takes_the_gravest_failure():
    assert exit_status([FileReport("a", "ok"), FileReport("b", "skipped")]) == EXIT_OK
    assert exit_status([FileReport("a", "input"), FileReport("b", "output")]) == EXIT_OUTPUT
    assert exit_status([FileReport("a", "input"), FileReport("b", "internal")]) == EXIT_INTERNAL


def test_clean_is_picklable_and_loads_frequencies_once_per_process(seed_text):
    assert pickle.loads(pickle.dumps(reflow.clean)) is reflow.clean
    reflow.clean(SAMPLE)
    loads = _frequencies.cache_info().misses
    first = reflow.clean(seed_text[:1200])
    second = reflow.clean(seed_text[:1200])
    assert _frequencies.cache_info().misses == loads  # the second and third calls reused the data
    assert pickle.loads(pickle.dumps(first)).text == second.text  # results travel between processes


def test_earlier_outputs_are_not_taken_as_inputs(tmp_path):
    data = tmp_path / "data"
    (data / "clean").mkdir(parents=True)
    (data / "a.txt").write_text(SAMPLE, encoding="utf-8")
    (data / "clean" / "a.txt").write_text(CLEANED, encoding="utf-8")
    outdir = os.path.realpath(data / "clean")
    for argument in (str(data), str(data / "**" / "*.txt")):
        found, _ = collect_inputs([argument], "*.txt", outdir)
        assert found == [(str(data / "a.txt"), "a.txt")]
    found, _ = collect_inputs([str(data / "clean" / "*.txt")], "*.txt", outdir)  # asked for explicitly
    assert [name for _, name in found] == ["a.txt"]


def test_progress_line_redraws_in_place_and_messages_go_above_it():
    import io

    from reflow.batch import Progress

    stream = io.StringIO()
    progress = Progress(stream, total=2, total_bytes=2_000_000, enabled=True)
    progress.update(FileReport("a.txt", "ok", 1_000_000))
    progress.message("reflow batch: b.txt: is a binary file")
    progress.update(FileReport("b.txt", "input", 1_000_000))
    progress.close()
    lines = stream.getvalue().split("\r\x1b[K")
    assert lines[1].startswith("reflow batch: 1/2 files (50%), 1.0 MB")
    assert lines[2] == "reflow batch: b.txt: is a binary file\n"
    assert lines[-1].startswith("reflow batch: 2/2 files (100%), 2.0 MB") and ", 1 failed, ETA 0:00" in lines[-1]
    silent = io.StringIO()
    Progress(silent, total=1, total_bytes=1, enabled=False).update(FileReport("a.txt", "ok", 1))
    assert silent.getvalue() == ""
