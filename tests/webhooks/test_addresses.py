"""Where webhooks may go: http(s) only, and only to public unicast addresses (SSRF guard)."""
from __future__ import annotations

import pytest

from casemgmt.webhooks.addresses import RefusedUrl, check_addresses, parse_target, refusal


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.5.6.7", "10.0.0.1", "172.16.0.1", "192.168.1.10", "169.254.169.254",
    "100.64.0.1", "0.0.0.0", "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1",
    "192.0.2.1", "198.18.0.1",
    "::1", "::", "fe80::1", "fe80::1%eth0", "fc00::1", "fd12:3456::1", "ff02::1",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
    "2002:7f00:1::", "64:ff9b::a00:1", "2001:db8::1",
])
def test_inside_and_special_addresses_are_refused(address):
    assert refusal(address) is not None


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "211.249.220.24",
                                     "2001:4860:4860::8888", "::ffff:8.8.8.8", "64:ff9b::808:808"])
def test_public_unicast_addresses_pass(address):
    assert refusal(address) is None


def test_one_private_answer_among_public_ones_refuses_the_host():
    with pytest.raises(RefusedUrl, match="10.0.0.5"):
        check_addresses(["8.8.8.8", "10.0.0.5"])


def test_a_host_that_resolves_to_nothing_is_refused():
    with pytest.raises(RefusedUrl):
        check_addresses([])


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/x", "gopher://x",
                                 "javascript:alert(1)", "example.com/hook", "http:///nohost",
                                 "https://user:pass@example.com/hook", "http://example.com:99999/",
                                 "http://[::1/"])
def test_only_http_and_https_urls_with_a_host_and_no_credentials_are_taken(url):
    with pytest.raises(RefusedUrl):
        parse_target(url)


def test_the_target_keeps_the_host_for_the_host_header_and_the_path_and_query():
    target = parse_target("https://Hooks.Example.com:8443/casemgmt/in?team=cs")

    assert (target.scheme, target.host, target.port) == ("https", "hooks.example.com", 8443)
    assert target.request_target == "/casemgmt/in?team=cs"
    assert target.host_header == "hooks.example.com:8443"
    assert parse_target("http://[2001:db8::1]/").host_header == "[2001:db8::1]"
    assert parse_target("http://example.com").request_target == "/"
