"""A secret passed as its own argument: the flag's value is the next element of an argv list
(JSON, a Python repr, escaped JSON inside a message), or follows ``-p`` in a command that
takes a password there. Ordinary command lines with ``-p`` (a port, a parent directory, a
plugin) stay exactly as they are."""

from __future__ import annotations

import json

import pytest

from console.redact import MARK, redact, redact_mapping

R = MARK


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('["--token","s3cr3t"]', f'["--token","{R}"]'),
        ('["app", "--password", "x"]', f'["app", "--password", "{R}"]'),
        (
            '{"argv":["deploy","--db-password","Pw1","--port","8080"]}',
            f'{{"argv":["deploy","--db-password","{R}","--port","8080"]}}',
        ),
        ("running ['app', '--api-key', 'k3y']", f"running ['app', '--api-key', '{R}']"),
        (
            '{"msg":"exec [\\"app\\", \\"--token\\", \\"t0k\\"]"}',
            f'{{"msg":"exec [\\"app\\", \\"--token\\", \\"{R}\\"]"}}',
        ),
        ("mysql -u root -phunter2 shop", f"mysql -u root -p{R} shop"),
        ("mysqldump -uroot -phunter2 shop", f"mysqldump -uroot -p{R} shop"),
        # attached in a shell's quotes, or JSON's escaped ones
        ("mysqladmin -u root -p'pass word' status", f"mysqladmin -u root -p'{R}' status"),
        ('mariadb-dump -p"Pw7" shop', f'mariadb-dump -p"{R}" shop'),
        ('{"cmd":"mysql -p\\"Pw7\\" shop"}', f'{{"cmd":"mysql -p\\"{R}\\" shop"}}'),
        ('sshpass -p"Pw 8" ssh deploy@host', f'sshpass -p"{R}" ssh deploy@host'),
        ("sshpass -p hunter2 ssh deploy@host", f"sshpass -p {R} ssh deploy@host"),
        (
            "docker login -u ci -p hunter2 registry.example.com",
            f"docker login -u ci -p {R} registry.example.com",
        ),
        ("exec: /opt/app/bin/app -u admin -p hunter2", f"exec: /opt/app/bin/app -u admin -p {R}"),
        ('["sshpass","-p","hunter2","ssh","h"]', f'["sshpass","-p","{R}","ssh","h"]'),
        (
            "argv=['/usr/bin/mysql', '-u', 'root', '-phunter2']",
            f"argv=['/usr/bin/mysql', '-u', 'root', '-p{R}']",
        ),
        ("mongosh -u admin -p hunter2 shop", f"mongosh -u admin -p {R} shop"),
        # -p after -u with no command known before it: only a MySQL client's stays
        (
            "mysql --host db -u root -p shop; app -u admin -p hunter2",
            f"mysql --host db -u root -p shop; app -u admin -p {R}",
        ),
    ],
)
def test_a_secret_argument_is_hidden(raw: str, expected: str) -> None:
    assert redact(raw) == expected
    assert redact(expected) == expected
    if raw.startswith(("{", "[")):
        json.loads(redact(raw))  # still JSON


@pytest.mark.parametrize(
    "line",
    [
        "sudo: alice : TTY=pts/0 ; PWD=/auto/home ; USER=root ; COMMAND=/bin/ls",
        "mkdir -p /var/lib/app",
        "ssh -p 2222 deploy@bastion uptime",
        "docker run -p 8080:80 nginx",
        "python -m pytest -p no:cacheprovider tests",
        "ps -u root -p 1234",
        "mysql -u root -p",
        "mysql -u root -p --database shop",
        # MySQL's and MariaDB's -p takes its password only attached: "-p shop" prompts for
        # it, and shop is the database (as an argv list's next element too)
        "mysql -p shop",
        "mysql -u root -p shop",
        "cd /srv && mysqldump -h db -u backup -p shop > shop.sql",
        "mariadb-dump -p shop",
        "MySQL -h db -P 3306 -u root -p -e 'select 1' shop",
        '["mysql","-u","root","-p","shop"]',
        "argv=['/usr/bin/mysql', '-u', 'root', '-p', 'shop']",
        '["mysql","-p","--verbose"]',
        '["--token-file","/run/secrets/t"]',
        '["app","--no-password","--verbose"]',
        '["--password","«redacted»"]',
        "kubectl get secrets -n payments -o wide",
        "docker login --password-stdin registry.example.com",
    ],
)
def test_ordinary_command_lines_stay(line: str) -> None:
    assert redact(line) == line


def test_an_argv_list_in_structured_fields_is_read_as_a_whole() -> None:
    """A log's fields (stored through redact_mapping) may hold the argv as a list: the
    secret is the element after its flag, which no element shows on its own."""
    fields = {
        "argv": ["mysql", "-u", "root", "-phunter2", "shop"],
        "prompt": ["mysql", "-u", "root", "-p", "shop"],
        "args": ("deploy", "--api-token", "t0k"),
        "dirs": ["mkdir", "-p", "/var/lib/app"],
        "ports": ["ssh", "-p", "2222", "bastion"],
    }
    assert redact_mapping(fields) == {
        "argv": ["mysql", "-u", "root", "-p" + R, "shop"],
        "prompt": ["mysql", "-u", "root", "-p", "shop"],
        "args": ["deploy", "--api-token", R],
        "dirs": ["mkdir", "-p", "/var/lib/app"],
        "ports": ["ssh", "-p", "2222", "bastion"],
    }


@pytest.mark.parametrize(
    "line",
    [
        # MySQL's long form takes its value only after "=": "--password shop" prompts for the
        # password and shop is the database (the manual, "Using Options on the Command Line")
        "mysql --password shop",
        "mysql -h db -u root --password shop",
        "cd /srv && mysqldump --user backup --password shop > shop.sql",
        '["mysql","--user","root","--password","shop"]',
        "mariadb --password --database shop",
    ],
)
def test_mysqls_long_password_flag_with_a_space_prompts(line: str) -> None:
    assert redact(line) == line


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("mysql --password=Pw7x shop", f"mysql --password={R} shop"),
        (  # the next command's flag, after the one that prompts
            "mysql -u root --password shop; app --password hunter2",
            f"mysql -u root --password shop; app --password {R}",
        ),
        ('["app","--password","hunter2"]', f'["app","--password","{R}"]'),
        ("mysql --db-password hunter2", f"mysql --db-password {R}"),
    ],
)
def test_a_password_flag_elsewhere_still_hides_its_value(raw: str, expected: str) -> None:
    assert redact(raw) == expected
