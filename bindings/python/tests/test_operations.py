"""All 43 operations: a method on both clients, each building the request
the core builds from the shared parameters of ``bindings/embed``."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import re
from pathlib import Path
from typing import Any, Dict

import amazon_pay
from amazon_pay import AmazonPayClient, AsyncAmazonPayClient, Core, Response, operations
from amazon_pay import _native
from conftest import KEY_ID, REPO

FIXTURE: Dict[str, Dict[str, Any]] = json.loads(
    (REPO / "bindings" / "embed" / "tests" / "fixtures" / "operations.json").read_text()
)
NOW = dt.datetime(2024, 3, 1, 10, 0, tzinfo=dt.timezone.utc)


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def test_every_operation_has_a_method_on_both_clients() -> None:
    names = operations()
    assert len(names) == 43
    for name in names:
        method = snake(name)
        assert callable(getattr(AmazonPayClient, method)), method
        assert inspect.iscoroutinefunction(getattr(AsyncAmazonPayClient, method)), method


def test_every_operation_builds_from_the_shared_parameters(private_pem: str) -> None:
    core = Core(KEY_ID, "us")
    key = amazon_pay.PrivateKey(private_pem.encode())
    for name in operations():
        call = core.call(name, FIXTURE[name])
        request = call.sign(key, NOW)
        assert request.url.startswith("https://pay-api.amazon.com/v2/"), request.url
        if "body" in FIXTURE[name]:
            assert json.loads(request.body) == FIXTURE[name]["body"], name


def test_each_method_sends_what_the_table_says(private_pem: str) -> None:
    """Every method of the blocking client, with the fixture's values,
    sends the request the core builds from the same parameters."""
    seen: Dict[str, Any] = {}

    class Recording(AmazonPayClient):
        def send(self, call: amazon_pay.Call) -> Dict[str, Any]:
            seen["operation"] = call.operation
            return {}

    client = Recording(KEY_ID, private_pem, "us")
    for name in operations():
        params = dict(FIXTURE[name])
        method = getattr(client, snake(name))
        signature = inspect.signature(method)
        args = []
        kwargs: Dict[str, Any] = {}
        for parameter in signature.parameters.values():
            wire = {"payload": "body"}.get(parameter.name) or re.sub(
                r"_([a-z])", lambda m: m.group(1).upper(), parameter.name
            )
            if parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD:
                args.append(params[wire])
            elif wire in params:
                kwargs[parameter.name] = params[wire]
        method(*args, **kwargs)
        assert seen["operation"] == name
    client.close()


def test_the_sans_io_layer_runs_a_call_against_the_sandbox_in_process(private_pem: str, public_pem: str) -> None:
    sandbox = _native.NativeSandbox("us", 3)
    sandbox.register_key(KEY_ID, public_pem)
    core = Core(KEY_ID, "us")
    key = amazon_pay.PrivateKey(private_pem.encode())
    now = dt.datetime.now(dt.timezone.utc)
    call = core.call("CreateCheckoutSession", FIXTURE["CreateCheckoutSession"])
    request = call.sign(key, now)
    target = "/" + request.url.split("/", 3)[3]
    status, headers, body = sandbox.send(int(now.timestamp()), request.method, target, request.headers, request.body)
    session = call.decode(Response(status, headers, body))
    assert session["statusDetails"]["state"] == "Open"
