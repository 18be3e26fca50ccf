from __future__ import annotations

from console.control.operator import Operator, current_operator, operator_name, ssh_origin


def test_operator_from_the_environment() -> None:
    env = {"USER": "alice", "SSH_CONNECTION": "10.0.0.5 53422 10.0.0.1 22"}
    assert current_operator(env) == Operator("alice", "10.0.0.5:53422")
    assert ssh_origin({"SSH_CONNECTION": "fe80::1 4000 fe80::2 22"}) == "[fe80::1]:4000"
    assert ssh_origin({}) is None and ssh_origin({"SSH_CONNECTION": "garbage"}) is None


def test_without_user_falls_back_to_the_account() -> None:
    assert operator_name({"USER": "  "})  # getpass's answer, never empty
