"""Tool selection: with more tools enabled than a prompt holds, each request gets the
core tools plus the closest others, in a stable order; the rest never reach the model."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from kernelhelpers import MakeAgent

from familiar.kernel import tool_lexicon
from familiar.kernel.agent import Agent, Request
from familiar.kernel.tool_select import (
    ToolIndex,
    ToolSelector,
    plain_addresses,
    request_views,
    without_payload,
)
from familiar.kernel.tools import Reply, Tool, make_tool
from familiar.memory.embedder import Embedder
from familiar.models.scripted import ScriptedModel, call
from familiar.security.policy import Effect
from familiar.skills import default_tools

CORE = default_tools()  # what a fresh install enables: the core
CALLED: list[str] = []  # the extra tools that actually ran


def _extra(name: str, doc: str) -> Tool:
    def fn(target: str = "") -> Reply:
        CALLED.append(name)
        return Reply({"ok": True}, f"{name} done")

    fn.__doc__ = f"{doc}\n\nArgs:\n    target: what it acts on"
    return make_tool(fn, effect=Effect.READ, name=name)


# Near-duplicates on purpose, as real MCP servers have them.
EXTRA = [
    _extra("search_issues", "Search issues in a GitHub repository."),
    _extra("search_issues_v2", "Search GitHub issues (v2 API)."),
    _extra("gitlab_search_issues", "Search issues in a GitLab project."),
    _extra("gmail_send_email", "Send an email from the Gmail account."),
    _extra("outlook_send_email", "Send an email from the Outlook account."),
    _extra("slack_send_message", "Post a message to a Slack channel."),
    _extra("get_forecast", "Weather forecast for the coming days."),
    _extra("get_current_weather", "Current weather conditions for a place."),
    _extra("ha_turn_off", "Turn off a Home Assistant device (light, switch, fan)."),
    _extra("ha_turn_on", "Turn on a Home Assistant device (light, switch, fan)."),
    _extra("spotify_play", "Play a song, album or playlist on Spotify."),
    _extra("convert_currency", "Convert an amount between currencies."),
    _extra("translate_text", "Translate text into another language."),
    _extra("fetch_url", "Fetch a web page and return its text."),
]
ENABLED = CORE + EXTRA
CORE_NAMES = [t.name for t in CORE]


class CountingEmbedder(Embedder):
    """The real MiniLM embedder, counting the texts it is asked to embed."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name, self.dim = inner.name, inner.dim
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed with the real model and remember what was asked."""
        self.texts.extend(texts)
        return self.inner.embed(texts)


def selector(embedder: Embedder, max_tools: int = len(CORE) + 4, select: int = 4) -> ToolSelector:
    return ToolSelector(ToolIndex(embedder), core=CORE_NAMES, max_tools=max_tools, select=select)


def offered(agent: Agent) -> list[str]:
    model = agent.model
    assert isinstance(model, ScriptedModel)
    return [t.name for t in model.requests[0].tools]


def test_when_all_tools_fit_every_one_is_offered_in_enabled_order(
    make_agent: MakeAgent, embedder: Embedder
) -> None:
    agent = make_agent(["Hello."], tools=ENABLED)
    agent.selector = selector(embedder, max_tools=len(ENABLED))
    agent.run(Request("send a slack message"))
    assert offered(agent) == [t.name for t in ENABLED]
    model = agent.model
    assert isinstance(model, ScriptedModel)
    assert model.requests[0].stable_tools == len(ENABLED)


def test_core_tools_come_first_then_the_selected_most_relevant_first(
    make_agent: MakeAgent, embedder: Embedder
) -> None:
    agent = make_agent(["Done."], tools=ENABLED)
    agent.selector = selector(embedder)
    agent.run(Request("post in the team slack channel that I'm running late"))
    names = offered(agent)
    assert names[: len(CORE)] == CORE_NAMES
    picked = names[len(CORE) :]
    assert len(picked) == 4 and picked[0] == "slack_send_message"
    model = agent.model
    assert isinstance(model, ScriptedModel)
    assert model.requests[0].stable_tools == len(CORE)


def test_a_core_tool_unrelated_to_the_request_is_shown_but_cannot_be_called(
    make_agent: MakeAgent, embedder: Embedder
) -> None:
    CALLED.clear()
    agent = make_agent([call("create_reminder", text="x", when="now"), "Sorry."], tools=ENABLED)
    agent.selector = selector(embedder)
    agent.run(Request("how many dollars is 30 euros?"))
    model = agent.model
    assert isinstance(model, ScriptedModel)
    request = model.requests[0]
    assert offered(agent)[: len(CORE)] == CORE_NAMES  # the cached prefix is unchanged
    assert request.callable is not None and "create_reminder" not in request.callable
    assert "convert_currency" in request.callable
    assert "unknown tool 'create_reminder'" in model.requests[1].messages[-1].content
    assert agent.store.reminders() == []


def test_a_core_tool_the_request_needs_can_be_called(embedder: Embedder) -> None:
    offer = selector(embedder).offer("remind me to call Mom tomorrow at 6pm", ENABLED)
    assert "create_reminder" in [t.name for t in offer.callable]
    assert "spotify_play" not in [t.name for t in offer.tools]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("will it rain in Lisbon this weekend?", "get_forecast"),
        ("search our GitLab project for issues about the VPN", "gitlab_search_issues"),
        ("email bob from my gmail that the report is done", "gmail_send_email"),
        ("how many dollars is 30 euros?", "convert_currency"),
        ("switch off the hall light", "ha_turn_off"),
        ("put on some jazz on spotify", "spotify_play"),
        ("how do you say good morning in Japanese?", "translate_text"),
    ],
)
def test_a_clear_request_gets_its_tool(embedder: Embedder, text: str, expected: str) -> None:
    offer = selector(embedder).offer(text, ENABLED)
    assert offer.selected
    assert expected in [t.name for t in offer.tools[offer.stable :]]


def test_a_tool_not_selected_never_reaches_the_model_and_cannot_be_called(
    make_agent: MakeAgent, embedder: Embedder
) -> None:
    CALLED.clear()
    agent = make_agent([call("spotify_play", target="jazz"), "I cannot do that."], tools=ENABLED)
    agent.selector = selector(embedder)
    result = agent.run(Request("how many dollars is 30 euros?"))
    assert "spotify_play" not in offered(agent)
    assert CALLED == []
    model = agent.model
    assert isinstance(model, ScriptedModel)
    feedback = model.requests[1].messages[-1].content
    assert "unknown tool 'spotify_play'" in feedback
    assert "convert_currency" in feedback  # the error lists what is offered
    assert result.answer == "I cannot do that."


def test_a_selected_tool_runs(make_agent: MakeAgent, embedder: Embedder) -> None:
    CALLED.clear()
    agent = make_agent([call("convert_currency", target="30 EUR")], tools=ENABLED)
    agent.selector = selector(embedder)
    result = agent.run(Request("how many dollars is 30 euros?"))
    assert CALLED == ["convert_currency"] and result.answer == "convert_currency done"


def test_the_same_selection_renders_the_same_tool_list(embedder: Embedder) -> None:
    pick = selector(embedder)
    first = pick.offer("turn the kitchen light off", ENABLED)
    again = pick.offer("turn the kitchen light off", ENABLED)
    assert [t.name for t in first.tools] == [t.name for t in again.tools]
    # the core keeps its enabled order whatever the request: it is the cached prefix
    reordered = list(reversed(EXTRA)) + CORE
    offer = pick.offer("kitchen light: turn it off", reordered)
    names = [t.name for t in offer.tools]
    assert names[: len(CORE)] == CORE_NAMES
    assert {"ha_turn_off", "ha_turn_on"} <= set(names[len(CORE) :])


def test_each_definition_is_embedded_once_and_again_when_it_changes(embedder: Embedder) -> None:
    counting = CountingEmbedder(embedder)
    pick = ToolSelector(ToolIndex(counting), core=CORE_NAMES, max_tools=len(CORE) + 4, select=4)
    pick.offer("play some jazz", ENABLED)
    assert len(counting.texts) == len(ENABLED) + 1  # every tool, then the request
    counting.texts.clear()
    pick.offer("send an email", ENABLED)
    assert counting.texts == ["send an email"]
    changed = _extra("fetch_url", "Download a web page as Markdown.")
    counting.texts.clear()
    pick.offer("read this page", [changed if t.name == "fetch_url" else t for t in ENABLED])
    assert len(counting.texts) == 2 and "Markdown" in counting.texts[0]


def test_a_core_at_the_limit_still_leaves_room_for_selected_tools(embedder: Embedder) -> None:
    pick = ToolSelector(ToolIndex(embedder), core=CORE_NAMES, max_tools=len(CORE), select=2)
    offer = pick.offer("put on some jazz on spotify", ENABLED)
    assert offer.stable == len(CORE) and len(offer.tools) == len(CORE) + 2
    assert "spotify_play" in [t.name for t in offer.tools]


class SameVector(Embedder):
    """Every text gets the same vector: meaning ties, so only the words decide."""

    name, dim = "same", 4

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One identical unit row per text."""
        return np.tile(np.array([1.0, 0.0, 0.0, 0.0], dtype=np.float32), (len(texts), 1))


def _by_words(text: str, tools: list[Tool]) -> list[str]:
    return [t.name for t in ToolIndex(SameVector()).ranked(text, tools)]


def test_a_provider_said_in_two_words_picks_its_tool_when_only_the_description_names_it() -> None:
    # the names share every word; only "Google calendar" in one description tells them apart
    tools = [
        _extra("cal_list_events", "List events in the Nextcloud calendar."),
        _extra("cal_list_events_v2", "List events in the Google calendar."),
        _extra("docs_search", "Search Google documents."),
    ]
    assert _by_words("what's on my Google calendar today?", tools)[0] == "cal_list_events_v2"
    assert _by_words("what's on my Nextcloud calendar today?", tools)[0] == "cal_list_events"


def test_a_path_in_a_request_counts_as_a_file_not_as_its_words() -> None:
    tools = [
        _extra("notes_append", "Append text to a note."),
        _extra("fs_write_file", "Create or overwrite a local file."),
    ]
    assert _by_words("save this into ~/notes/todo.txt", tools)[0] == "fs_write_file"
    tools = [_extra("email_send", "Send an email."), _extra("fetch_url", "Fetch a web page.")]
    assert _by_words("get me https://mail.example.com/inbox", tools)[0] == "fetch_url"
    assert _by_words("write to ana@example.com", tools)[0] == "email_send"


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("read /etc/hosts for me", "read file for me"),
        ("upload ~/Desktop/cv.pdf to OneDrive", "upload file to OneDrive"),
        ("open config.yaml and ./app/.env", "open file and file"),
        ("get the text of https://example.com/a?b=1", "get the text of URL"),
        ("mail anna.b@example.co.uk now", "mail email address now"),
        # repositories, times and fractions are not paths
        ("merge PR 88 in acme/api at 10:30", "merge PR 88 in acme/api at 10:30"),
        ("what is 3/4 of 12?", "what is 3/4 of 12?"),
    ],
)
def test_addresses_read_as_what_they_are(text: str, plain: str) -> None:
    assert plain_addresses(text) == plain


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        (
            "file a GitHub issue in acme/web: the signup button does nothing",
            "file a GitHub issue in acme/web",
        ),
        ("set my Slack status to 'on holiday'", "set my Slack status to"),
        ('translate "where is the station" into German', "translate into German"),
        ("what's Pedro's phone number?", "what's Pedro's phone number?"),
        ("push the standup to 10:30", "push the standup to 10:30"),
    ],
)
def test_the_payload_a_tool_would_carry_is_set_aside(text: str, bare: str) -> None:
    assert without_payload(text) == bare


def test_a_request_with_a_payload_is_embedded_with_and_without_it_in_one_call(
    embedder: Embedder,
) -> None:
    counting = CountingEmbedder(embedder)
    index = ToolIndex(counting)
    index.vectors(EXTRA)
    counting.texts.clear()
    index.ranked("tell the #design channel on Slack: 'the mockups are ready'", EXTRA)
    assert counting.texts == [
        "tell the #design channel on Slack: 'the mockups are ready'",
        "tell the #design channel on Slack",
    ]
    counting.texts.clear()
    index.ranked("play some jazz", EXTRA)
    assert counting.texts == ["play some jazz"]


def test_a_request_that_names_no_tool_finds_its_domain_through_the_lexicon() -> None:
    # meaning ties and no word of the request is in a name: without the lexicon, the
    # first tool would win
    tools = [
        _extra("list_reminders", "List upcoming reminders."),
        _extra("get_forecast", "Weather forecast for the coming days."),
        _extra("list_events", "List the events in the calendar between two dates."),
    ]
    assert _by_words("do I have anything booked on Friday?", tools)[0] == "list_events"
    assert _by_words("will I need an umbrella on Friday?", tools)[0] == "get_forecast"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("are the garage devices on?", {"home"}),
        ("add it to my to-do list", {"tasks"}),
        ("who emailed me about the invoices?", {"mail", "money"}),
        ("hello there", set()),
    ],
)
def test_words_are_tagged_with_their_domains(text: str, expected: set[str]) -> None:
    assert tool_lexicon.domains(text) == expected


def test_the_action_a_request_asks_for_picks_among_one_service_s_tools() -> None:
    tools = [
        _extra("mail_send", "Send an email."),
        _extra("mail_delete", "Delete an email."),
        _extra("mail_search", "Search emails by sender or text."),
    ]
    assert _by_words("did Ana ever email back about the lease?", tools)[0] == "mail_search"
    assert _by_words("drop the email from Ana", tools)[0] == "mail_delete"
    # no word ties the request to these tools: the action alone does not pick one
    assert _by_words("did Ana ever write back about the lease?", tools)[0] == "mail_send"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what's on Friday?", {"look up"}),
        ("is anyone talking about the launch?", {"look up", "search"}),
        ("cancel my 3pm", {"delete"}),
        ("push the standup to 10", set()),
        ("reschedule the standup", {"update"}),
    ],
)
def test_requests_are_tagged_with_the_actions_they_ask_for(text: str, expected: set[str]) -> None:
    assert tool_lexicon.asked(text) == expected


def test_tools_are_tagged_with_the_actions_their_names_say() -> None:
    assert tool_lexicon.done("gmail_search_emails") == {"look up", "search"}
    assert tool_lexicon.done("outlook_delete_event") == {"delete"}
    assert tool_lexicon.done("spotify_play") == set()


@pytest.mark.parametrize(
    ("text", "views"),
    [
        ("play some jazz", ["play some jazz"]),
        (
            "where's the lease? it's on my drive",
            ["where's the lease? it's on my drive", "where's the lease?", "it's on my drive"],
        ),
        (
            "tell Ana: 'see you at 5. bring the keys'",
            ["tell Ana: 'see you at 5. bring the keys'", "tell Ana"],
        ),
        ("v1.2 is out", ["v1.2 is out"]),
    ],
)
def test_a_request_is_embedded_whole_without_its_payload_and_sentence_by_sentence(
    text: str, views: list[str]
) -> None:
    assert request_views(text) == views
