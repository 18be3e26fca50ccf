"""Issue 17, a review of sets 93 to 95's rules (test_twentyfirst_round.py): lines of other
products and layouts (and of the rules' own) they read wrongly. Lines written here in those
shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_vllms_records_from_one_source_line_in_one_second_stay_separate() -> None:
    # launcher.py logs each route on a record of its own, the request logger each request,
    # the stat logger each engine: one head, one second, separate records (only a message's
    # own next lines repeat the head: its traceback, its text's next lines)
    text = (
        "(APIServer pid=4411) INFO 03-02 10:11:40 [launcher.py:36] Available routes are:\n"
        "(APIServer pid=4411) INFO 03-02 10:11:40 [launcher.py:44] Route: /openapi.json, "
        "Methods: HEAD, GET\n"
        "(APIServer pid=4411) INFO 03-02 10:11:40 [launcher.py:44] Route: /health, "
        "Methods: GET\n"
        "(APIServer pid=4411) INFO 03-02 10:11:40 [launcher.py:44] Route: /v1/chat/"
        "completions, Methods: POST\n"
        "(APIServer pid=4411) INFO 03-02 10:12:05 [logger.py:41] Received request "
        "chatcmpl-1a2b: prompt: 'hi', params: SamplingParams(n=1), lora_request: None.\n"
        "(APIServer pid=4411) INFO 03-02 10:12:05 [logger.py:41] Received request "
        "chatcmpl-3c4d: prompt: 'yo', params: SamplingParams(n=1), lora_request: None.\n"
        "(APIServer pid=4411) INFO 03-02 10:12:15 [loggers.py:123] Engine 000: Avg prompt "
        "throughput: 2.1 tokens/s, Running: 2 reqs\n"
        "(APIServer pid=4411) INFO 03-02 10:12:15 [loggers.py:123] Engine 001: Avg prompt "
        "throughput: 0.0 tokens/s, Running: 1 reqs\n"
        # one message of three lines (the worker's memory report): still one record
        "INFO 03-02 10:13:00 [worker.py:267] Memory profiling takes 4.21 seconds\n"
        "INFO 03-02 10:13:00 [worker.py:267] the current vLLM instance can use "
        "total_gpu_memory (79.10GiB) x gpu_memory_utilization (0.90) = 71.19GiB\n"
        "INFO 03-02 10:13:00 [worker.py:267] model weights take 14.99GiB; the rest of the "
        "memory reserved for KV Cache is 54.70GiB.\n"
    )
    lines = parse(text)
    assert [e.message.split(",")[0].split(":")[0] for e in lines] == [
        "Available routes are",
        "Route",
        "Route",
        "Route",
        "Received request chatcmpl-1a2b",
        "Received request chatcmpl-3c4d",
        "Engine 000",
        "Engine 001",
        "Memory profiling takes 4.21 seconds",
    ]
    assert [len(e.detail) for e in lines[1:4]] == [0, 0, 0]
    assert len(lines[-1].detail) == 2


def test_vllms_logger_before_its_brackets_and_behind_a_ray_worker_is_read() -> None:
    # vLLM to 0.6 ("%(levelname)s %(asctime)s %(filename)s:%(lineno)d] %(message)s"), and a
    # Ray worker on another node ("(RayWorkerWrapper pid=581, ip=10.0.3.7) ")
    text = (
        "INFO 05-24 10:11:40 api_server.py:177] vLLM API server version 0.5.0.post1\n"
        "ERROR 05-24 10:14:05 async_llm_engine.py:52] Engine background task failed\n"
        "ERROR 05-24 10:14:05 async_llm_engine.py:52] Traceback (most recent call last):\n"
        'ERROR 05-24 10:14:05 async_llm_engine.py:52]   File "/v/engine.py", line 42, in f\n'
        "ERROR 05-24 10:14:05 async_llm_engine.py:52] RuntimeError: CUDA error: an illegal "
        "memory access was encountered\n"
        "(RayWorkerWrapper pid=581, ip=10.0.3.7) WARNING 05-24 10:14:06 [utils.py:569] "
        "Using 'pin_memory=False' as WSL is detected.\n"
    )
    version, failed, ray = parse(text)
    assert utc(version.ts) == "2024-05-24T10:11:40" and version.level == "INFO"
    assert version.message == "vLLM API server version 0.5.0.post1"
    assert failed.level == "ERROR" and failed.message == "Engine background task failed"
    assert any(d.startswith("RuntimeError: CUDA error") for d in failed.detail)
    assert ray.level == "WARNING" and utc(ray.ts) == "2024-05-24T10:14:06"
    assert ray.fields is not None and ray.fields["pid"] == 581
    assert ray.message.startswith("Using 'pin_memory=False'")


def test_buildkits_progress_after_a_logrus_line_is_no_go_stack() -> None:
    # docker compose in CI: its logrus warning, then BuildKit's plain progress ("#N ..."): a
    # step's lines, no frames of the warning's (a PHP frame's "#0 ..." is the same shape)
    text = (
        'time="2025-10-27T06:43:51Z" level=warning msg="/home/runner/work/app/docker-compose.'
        'yml: the attribute `version` is obsolete, it will be ignored"\n'
        '#0 building with "default" instance using docker driver\n'
        "\n"
        "#1 [web internal] load build definition from Dockerfile\n"
        "#1 transferring dockerfile: 312B done\n"
        "#1 DONE 0.0s\n"
    )
    lines = parse(text)
    assert lines[0].level == "WARNING" and not lines[0].detail
    assert lines[1].message.startswith("#0 building with")
    assert "#1 [web internal] load build definition from Dockerfile" in [e.message for e in lines]


def test_a_path_a_url_or_a_file_after_a_logfmt_line_is_a_line_of_its_own() -> None:
    # one token with a dot and a slash is a Go frame's shape only when it is a package path:
    # not a file's absolute path, not a URL; "main.go" names a file, no Go function
    text = (
        'time="2024-03-01T10:00:05Z" level=info msg="cache ready"\n'
        "/var/lib/app/cache.db\n"
        'time="2024-03-01T10:00:06Z" level=info msg="serving"\n'
        "https://registry.example.com/v2/\n"
        'time="2024-03-01T10:00:07Z" level=info msg="formatted"\n'
        "main.go\n"
    )
    cache, path, serving, url, formatted, file = parse(text)
    assert not cache.detail and not serving.detail and not formatted.detail
    assert path.message == "/var/lib/app/cache.db"
    assert url.message == "https://registry.example.com/v2/"
    assert file.message == "main.go"


def test_a_containers_crash_after_its_plain_line_is_not_that_lines() -> None:
    # Node's uncaught error behind compose's prefix: its "file:line" head, the code, then the
    # error at the margin. Unprefixed, a plain line takes no trace after it: behind the
    # prefix neither (only an entry whose layout's lines take one)
    text = (
        "web-1  | Server listening on port 3000\n"
        "web-1  | /app/node_modules/pg/lib/client.js:132\n"
        "web-1  |       throw err;\n"
        "web-1  |       ^\n"
        "web-1  | \n"
        "web-1  | Error: connect ECONNREFUSED 172.18.0.2:5432\n"
        "web-1  |     at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)\n"
    )
    lines = parse(text)
    assert lines[0].message == "Server listening on port 3000" and not lines[0].detail
    # (session 41: Node's report from its head on is one entry, an error, the exception in it)
    (crash,) = [e for e in lines if e.level == "ERROR"]
    assert crash.message == "/app/node_modules/pg/lib/client.js:132"
    assert "web-1  | Error: connect ECONNREFUSED 172.18.0.2:5432" in crash.detail
    # Python's logging writes a record's message, then its traceback: joined, as unprefixed
    django = (
        "web-1  | Internal Server Error: /api/x\n"
        "web-1  | Traceback (most recent call last):\n"
        'web-1  |   File "/app/views.py", line 3, in get\n'
        "web-1  | ValueError: boom\n"
    )
    (error,) = parse(django)
    assert error.level == "ERROR" and error.detail[-1] == "web-1  | ValueError: boom"


def test_the_kernels_aer_report_in_its_other_wordings_and_an_uncorrected_ones_status() -> None:
    text = (
        # an uncorrected report: its status line is printed at KERN_ERR as its head is
        "May 01 16:18:00 l490 kernel: pcieport 0000:00:1c.0: AER: Uncorrected (Non-Fatal) "
        "error received: 0000:01:00.0\n"
        "May 01 16:18:00 l490 kernel: pcieport 0000:01:00.0: AER: PCIe Bus Error: "
        "severity=Uncorrected (Non-Fatal), type=Transaction Layer, (Requester ID)\n"
        "May 01 16:18:00 l490 kernel: pcieport 0000:01:00.0: AER:   device [10de:1b80] error "
        "status/mask=00100000/00000000\n"
        # several corrected errors at once
        "May 01 16:19:00 l490 kernel: pcieport 0000:00:1d.0: AER: Multiple Corrected error "
        "received: 0000:04:00.0\n"
        # the words since Linux 6.16: Correctable, Uncorrectable, "error message received"
        "May 01 16:20:00 l490 kernel: pcieport 0000:00:1c.5: AER: Correctable error message "
        "received from 0000:03:00.0\n"
        "May 01 16:20:00 l490 kernel: r8169 0000:03:00.0: AER: PCIe Bus Error: "
        "severity=Correctable, type=Physical Layer, (Receiver ID)\n"
        "May 01 16:20:00 l490 kernel: r8169 0000:03:00.0: AER:   device [10ec:8168] error "
        "status/mask=00000001/00002000\n"
        # an old kernel's corrected report: its bits' names at the report's level
        "May 01 16:21:00 l490 kernel: pcieport 0000:00:1c.5: PCIe Bus Error: "
        "severity=Corrected, type=Physical Layer, id=00e5(Receiver ID)\n"
        "May 01 16:21:00 l490 kernel: pcieport 0000:00:1c.5:   device [8086:9d15] error "
        "status/mask=00000001/00002000\n"
        "May 01 16:21:00 l490 kernel: pcieport 0000:00:1c.5:    [ 0] Receiver Error         "
        "(First)\n"
        "May 01 16:22:00 l490 kernel: pcieport 0000:00:01.0: AER: Uncorrectable (Fatal) error "
        "message received from 0000:01:00.0\n"
    )
    levels = [e.level for e in parse(text)]
    assert levels == ["ERROR"] * 3 + ["WARNING"] * 4 + ["WARNING"] * 3 + ["ERROR"]


def test_the_reviewed_rules_leave_their_own_lines_as_they_were() -> None:
    # the agent's own shape and a relayed line with no <PRI> read as before
    text = (
        "[09:30:00] [INFO] Task: Deploy recommendation-service v2.5.0\n"
        "[09:30:02] [ERROR] Step 2 failed <3>Jun 15 retry\n"
        "2025-06-15 20:57:00,000 172.22.0.1 Jun 15 20:57:00 rt-ax57 dnsmasq: started\n"
    )
    info, err, relayed = parse(text)
    assert info.level == "INFO" and err.level == "ERROR"
    assert relayed.level != "ERROR"
    assert samples(info) == {}
