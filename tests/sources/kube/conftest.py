"""The kube tests' fixtures; they and the helpers live in tests/helpers/kube.py."""

from tests.helpers.kube import api, kubeconfig

__all__ = ["api", "kubeconfig"]
