"""Realistic tool sets for the many-tools benchmark: 300 tools shaped like real MCP servers.

Real users enable several servers that do the same job (GitHub and GitLab, two
calendars, three mail accounts), so the set is full of near-duplicate names
(`search_issues`, `search_issues_v2`, `gitlab_search_issues`, `jira_search_issues`) and
overlapping descriptions. Each tool has a JSON schema; the benchmark turns it into a
no-op `Tool`. `SET_5` is the baseline (the always-on core), `SET_50` a mid-size setup.

`REQUESTS` are labelled requests written the way a person would ask, each with the
tool names that answer it correctly (a near-duplicate that does the same job on the
same service counts, e.g. `search_issues` or `search_issues_v2`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# a parameter: (name, JSON type, description, required) or with an enum as 5th item
Param = tuple[Any, ...]


@dataclass(frozen=True)
class ToolDef:
    """One tool as an MCP server would list it."""

    name: str
    description: str
    parameters: dict[str, Any]


def _schema(params: list[Param]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    required = []
    for p in params:
        name, kind, desc, req = p[:4]
        prop: dict[str, Any] = {"type": kind, "description": desc}
        if kind == "array":
            prop["items"] = {"type": "string"}
        if len(p) > 4:
            prop["enum"] = list(p[4])
        props[name] = prop
        if req:
            required.append(name)
    return {"type": "object", "properties": props, "required": required}


_REPO = [("owner", "string", "repository owner", True), ("repo", "string", "repository", True)]
_PROJECT = [("project_id", "string", "project path, e.g. group/name", True)]

# (name stem, description with {svc}, parameters); instantiated once per service
_CODE_OPS: list[tuple[str, str, list[Param]]] = [
    (
        "search_issues",
        "Search issues and pull requests in {svc} by text, label or state.",
        [
            ("query", "string", "search text", True),
            ("state", "string", "issue state", False, ("open", "closed", "all")),
        ],
    ),
    (
        "create_issue",
        "Open a new issue in a {svc} repository.",
        [("title", "string", "issue title", True), ("body", "string", "issue text", False)],
    ),
    (
        "get_issue",
        "Get the details of one {svc} issue by number.",
        [("number", "integer", "issue number", True)],
    ),
    (
        "add_issue_comment",
        "Add a comment to an existing {svc} issue or pull request.",
        [("number", "integer", "issue number", True), ("body", "string", "comment", True)],
    ),
    (
        "list_pull_requests",
        "List pull requests (merge requests) in a {svc} repository.",
        [("state", "string", "state filter", False, ("open", "closed", "all"))],
    ),
    (
        "create_pull_request",
        "Open a pull request in {svc} from one branch into another.",
        [
            ("title", "string", "title", True),
            ("head", "string", "source branch", True),
            ("base", "string", "target branch", True),
        ],
    ),
    (
        "merge_pull_request",
        "Merge an open {svc} pull request.",
        [("number", "integer", "pull request number", True)],
    ),
    (
        "get_file_contents",
        "Read a file or directory listing from a {svc} repository.",
        [
            ("path", "string", "path in the repository", True),
            ("ref", "string", "branch or commit", False),
        ],
    ),
    (
        "list_commits",
        "List recent commits on a branch of a {svc} repository.",
        [("branch", "string", "branch name", False)],
    ),
    (
        "create_branch",
        "Create a new branch in a {svc} repository.",
        [("branch", "string", "new branch name", True), ("from_branch", "string", "base", False)],
    ),
    (
        "search_code",
        "Search source code across {svc} repositories.",
        [("query", "string", "code search query", True)],
    ),
    (
        "list_repositories",
        "List the repositories of a {svc} user or organisation.",
        [("owner", "string", "user or organisation", True)],
    ),
]

_CALENDAR_OPS: list[tuple[str, str, list[Param]]] = [
    (
        "list_events",
        "List events in the {svc} calendar between two dates.",
        [("start", "string", "start date or time", True), ("end", "string", "end", False)],
    ),
    (
        "create_event",
        "Create an event in the {svc} calendar.",
        [
            ("title", "string", "event title", True),
            ("start", "string", "start time", True),
            ("duration_minutes", "integer", "length", False),
            ("attendees", "array", "attendee emails", False),
        ],
    ),
    (
        "update_event",
        "Change the time, title or place of an event in the {svc} calendar.",
        [
            ("event_id", "string", "event id", True),
            ("start", "string", "new start", False),
            ("title", "string", "new title", False),
        ],
    ),
    (
        "delete_event",
        "Delete (cancel) an event from the {svc} calendar.",
        [("event_id", "string", "event id", True)],
    ),
    (
        "find_free_time",
        "Find free slots in the {svc} calendar for a meeting of a given length.",
        [("duration_minutes", "integer", "length", True), ("within", "string", "range", False)],
    ),
    (
        "respond_to_invite",
        "Accept, decline or tentatively accept a {svc} calendar invitation.",
        [
            ("event_id", "string", "event id", True),
            ("response", "string", "answer", True, ("accept", "decline", "tentative")),
        ],
    ),
]

_MAIL_OPS: list[tuple[str, str, list[Param]]] = [
    (
        "search_emails",
        "Search messages in the {svc} mailbox by sender, subject or text.",
        [("query", "string", "search query", True), ("limit", "integer", "max results", False)],
    ),
    (
        "read_email",
        "Read the full content of one {svc} message.",
        [("message_id", "string", "message id", True)],
    ),
    (
        "send_email",
        "Send an email from the {svc} account.",
        [
            ("to", "array", "recipients", True),
            ("subject", "string", "subject", True),
            ("body", "string", "message text", True),
        ],
    ),
    (
        "draft_email",
        "Save an email as a draft in {svc} without sending it.",
        [
            ("to", "array", "recipients", True),
            ("subject", "string", "subject", True),
            ("body", "string", "message text", True),
        ],
    ),
    (
        "reply_to_email",
        "Reply to a {svc} message.",
        [("message_id", "string", "message id", True), ("body", "string", "reply text", True)],
    ),
    (
        "archive_email",
        "Archive a {svc} message so it leaves the inbox.",
        [("message_id", "string", "message id", True)],
    ),
    (
        "label_email",
        "Add a label or move a {svc} message to a folder.",
        [("message_id", "string", "message id", True), ("label", "string", "label", True)],
    ),
]

_CHAT_OPS: list[tuple[str, str, list[Param]]] = [
    (
        "send_message",
        "Post a message to a {svc} channel or person.",
        [("channel", "string", "channel or user", True), ("text", "string", "message", True)],
    ),
    ("list_channels", "List the {svc} channels you are a member of.", []),
    (
        "get_channel_history",
        "Read recent messages of a {svc} channel.",
        [("channel", "string", "channel", True), ("limit", "integer", "how many", False)],
    ),
    (
        "search_messages",
        "Search {svc} messages across channels.",
        [("query", "string", "search text", True)],
    ),
    (
        "add_reaction",
        "Add an emoji reaction to a {svc} message.",
        [("message_id", "string", "message id", True), ("emoji", "string", "emoji name", True)],
    ),
    (
        "set_status",
        "Set your {svc} status text and emoji.",
        [("text", "string", "status text", True), ("emoji", "string", "emoji", False)],
    ),
]

_NOTE_OPS: list[tuple[str, str, list[Param]]] = [
    (
        "search_notes",
        "Full-text search over pages in {svc}.",
        [("query", "string", "search text", True)],
    ),
    (
        "create_note",
        "Create a new page in {svc}.",
        [("title", "string", "title", True), ("content", "string", "Markdown body", True)],
    ),
    (
        "append_to_note",
        "Append text to an existing {svc} page.",
        [("note_id", "string", "page id or title", True), ("content", "string", "text", True)],
    ),
    (
        "read_note",
        "Get the content of a {svc} page.",
        [("note_id", "string", "page id or title", True)],
    ),
    ("delete_note", "Delete a {svc} page.", [("note_id", "string", "page id or title", True)]),
]

_STORAGE_OPS: list[tuple[str, str, list[Param]]] = [
    (
        "search_files",
        "Search files stored in {svc} by name or content.",
        [("query", "string", "search text", True)],
    ),
    (
        "read_file",
        "Download and read a file from {svc}.",
        [("path", "string", "file path or id", True)],
    ),
    (
        "upload_file",
        "Upload a local file to {svc}.",
        [
            ("local_path", "string", "file on this computer", True),
            ("folder", "string", "destination folder", False),
        ],
    ),
    (
        "share_file",
        "Create a sharing link for a file in {svc}.",
        [("path", "string", "file path or id", True), ("email", "string", "share with", False)],
    ),
    (
        "list_folder",
        "List the files in a {svc} folder.",
        [("folder", "string", "folder path", False)],
    ),
]

_WEATHER_OPS: list[tuple[str, str, list[Param]]] = [
    (
        "get_current_weather",
        "Current weather conditions for a place from {svc}.",
        [("location", "string", "city or coordinates", True)],
    ),
    (
        "get_forecast",
        "Weather forecast for the coming days from {svc}.",
        [("location", "string", "city or coordinates", True), ("days", "integer", "days", False)],
    ),
    (
        "get_weather_alerts",
        "Active severe weather alerts for an area from {svc}.",
        [("area", "string", "state, region or city", True)],
    ),
    (
        "get_air_quality",
        "Air quality index and pollutants for a place from {svc}.",
        [("location", "string", "city or coordinates", True)],
    ),
]

_MAP_OPS: list[tuple[str, str, list[Param]]] = [
    (
        "search_places",
        "Search {svc} for places such as restaurants or shops near a location.",
        [("query", "string", "what to look for", True), ("near", "string", "location", False)],
    ),
    (
        "get_directions",
        "Route directions between two places from {svc}.",
        [
            ("origin", "string", "start", True),
            ("destination", "string", "end", True),
            ("mode", "string", "travel mode", False, ("driving", "walking", "transit", "cycling")),
        ],
    ),
    (
        "geocode",
        "Turn an address into coordinates with {svc}.",
        [("address", "string", "address", True)],
    ),
    (
        "reverse_geocode",
        "Turn coordinates into an address with {svc}.",
        [("latitude", "number", "latitude", True), ("longitude", "number", "longitude", True)],
    ),
    (
        "get_travel_time",
        "Estimated travel time between two places from {svc}.",
        [("origin", "string", "start", True), ("destination", "string", "end", True)],
    ),
    (
        "place_details",
        "Opening hours, phone and reviews of a place from {svc}.",
        [("place_id", "string", "place id or name", True)],
    ),
]

_TASK_OPS: list[tuple[str, str, list[Param]]] = [
    (
        "create_task",
        "Create a task in {svc}.",
        [("title", "string", "task", True), ("due", "string", "due date", False)],
    ),
    ("list_tasks", "List open tasks in {svc}.", [("project", "string", "project", False)]),
    ("complete_task", "Mark a {svc} task as done.", [("task_id", "string", "task id", True)]),
    (
        "update_task",
        "Change the title, due date or assignee of a {svc} task.",
        [("task_id", "string", "task id", True), ("due", "string", "new due date", False)],
    ),
]


def _family(
    ops: list[tuple[str, str, list[Param]]],
    services: list[tuple[str, str]],
    base: list[Param] | None = None,
) -> list[ToolDef]:
    """One tool per (service, operation); the prefix "" gives unprefixed names."""
    tools = []
    for prefix, label in services:
        for stem, desc, params in ops:
            name = f"{prefix}_{stem}" if prefix else stem
            tools.append(ToolDef(name, desc.format(svc=label), _schema((base or []) + params)))
    return tools


def _single(rows: list[tuple[str, str, list[Param]]]) -> list[ToolDef]:
    return [ToolDef(name, desc, _schema(params)) for name, desc, params in rows]


_LOC = [("location", "string", "city or address", True)]
_Q = [("query", "string", "search text", True)]
_ENTITY = [("entity_id", "string", "Home Assistant entity, e.g. light.kitchen", True)]

_SINGLES: list[tuple[str, str, list[Param]]] = [
    # GitHub's own server keeps unprefixed names; older versions linger as _v2 duplicates
    (
        "search_issues_v2",
        "Search GitHub issues (v2 API, supports sorting by reactions).",
        _REPO + _Q,
    ),
    (
        "create_issue_v2",
        "Create a GitHub issue with labels and assignees (v2 API).",
        [*_REPO, ("title", "string", "issue title", True), ("labels", "array", "labels", False)],
    ),
    # filesystem server (local disk)
    (
        "fs_read_file",
        "Read a text file from the local disk.",
        [("path", "string", "absolute path", True)],
    ),
    (
        "fs_read_multiple_files",
        "Read several local files at once.",
        [("paths", "array", "absolute paths", True)],
    ),
    (
        "fs_write_file",
        "Create or overwrite a local file with the given text.",
        [("path", "string", "absolute path", True), ("content", "string", "text", True)],
    ),
    (
        "fs_edit_file",
        "Replace lines in a local text file.",
        [
            ("path", "string", "absolute path", True),
            ("old_text", "string", "text to find", True),
            ("new_text", "string", "replacement", True),
        ],
    ),
    (
        "fs_create_directory",
        "Create a folder on the local disk.",
        [("path", "string", "folder path", True)],
    ),
    (
        "fs_list_directory",
        "List files and folders in a local directory.",
        [("path", "string", "folder path", True)],
    ),
    (
        "fs_directory_tree",
        "Show a recursive tree of a local folder.",
        [("path", "string", "folder path", True)],
    ),
    (
        "fs_move_file",
        "Move or rename a local file.",
        [("source", "string", "from", True), ("destination", "string", "to", True)],
    ),
    (
        "fs_search_files",
        "Find local files whose name matches a pattern.",
        [("path", "string", "where to start", True), ("pattern", "string", "glob", True)],
    ),
    (
        "fs_get_file_info",
        "Size, dates and permissions of a local file.",
        [("path", "string", "path", True)],
    ),
    # Home Assistant and Philips Hue
    ("ha_turn_on", "Turn on a Home Assistant device (light, switch, fan).", _ENTITY),
    ("ha_turn_off", "Turn off a Home Assistant device (light, switch, fan).", _ENTITY),
    ("ha_toggle", "Toggle a Home Assistant device on or off.", _ENTITY),
    (
        "ha_set_brightness",
        "Set the brightness of a Home Assistant light in percent.",
        [*_ENTITY, ("brightness_pct", "integer", "0-100", True)],
    ),
    (
        "ha_set_temperature",
        "Set the target temperature of a Home Assistant thermostat.",
        [*_ENTITY, ("temperature", "number", "degrees", True)],
    ),
    ("ha_get_state", "Get the current state of a Home Assistant entity or sensor.", _ENTITY),
    (
        "ha_list_entities",
        "List Home Assistant entities in an area or domain.",
        [("area", "string", "room or domain", False)],
    ),
    (
        "ha_run_script",
        "Run a Home Assistant script.",
        [("script_id", "string", "script entity", True)],
    ),
    (
        "ha_activate_scene",
        "Activate a Home Assistant scene such as movie night.",
        [("scene_id", "string", "scene entity", True)],
    ),
    ("ha_lock", "Lock a door lock through Home Assistant.", _ENTITY),
    ("ha_unlock", "Unlock a door lock through Home Assistant.", _ENTITY),
    (
        "ha_set_cover_position",
        "Open, close or set the position of blinds or a garage door.",
        [*_ENTITY, ("position", "integer", "0 closed - 100 open", True)],
    ),
    ("ha_start_vacuum", "Start the robot vacuum cleaner.", _ENTITY),
    (
        "ha_get_history",
        "State history of a Home Assistant sensor over a period.",
        [*_ENTITY, ("hours", "integer", "how far back", False)],
    ),
    (
        "hue_turn_on_light",
        "Turn on a Philips Hue light or room.",
        [("light", "string", "light or room name", True)],
    ),
    (
        "hue_turn_off_light",
        "Turn off a Philips Hue light or room.",
        [("light", "string", "light or room name", True)],
    ),
    (
        "hue_set_color",
        "Set the colour of a Philips Hue light.",
        [("light", "string", "light", True), ("color", "string", "colour name or hex", True)],
    ),
    (
        "hue_set_brightness",
        "Dim or brighten a Philips Hue light.",
        [("light", "string", "light", True), ("brightness", "integer", "0-254", True)],
    ),
    # finance and payments
    (
        "get_stock_quote",
        "Latest price of a stock or ETF by ticker symbol.",
        [("symbol", "string", "ticker", True)],
    ),
    (
        "get_stock_history",
        "Daily price history of a stock over a period.",
        [("symbol", "string", "ticker", True), ("days", "integer", "days back", False)],
    ),
    (
        "get_crypto_price",
        "Current price of a cryptocurrency.",
        [("coin", "string", "e.g. bitcoin", True), ("currency", "string", "quote currency", False)],
    ),
    (
        "convert_currency",
        "Convert an amount between currencies at today's rate.",
        [
            ("amount", "number", "amount", True),
            ("from_currency", "string", "ISO code", True),
            ("to_currency", "string", "ISO code", True),
        ],
    ),
    (
        "bank_list_transactions",
        "List recent transactions on a bank account.",
        [("account", "string", "account name", False), ("days", "integer", "days back", False)],
    ),
    (
        "bank_get_balance",
        "Current balance of a bank account.",
        [("account", "string", "account name", False)],
    ),
    (
        "bank_transfer",
        "Transfer money between accounts or to a payee.",
        [("amount", "number", "amount", True), ("to", "string", "payee or IBAN", True)],
    ),
    (
        "stripe_create_invoice",
        "Create and send a Stripe invoice to a customer.",
        [("customer_email", "string", "customer", True), ("amount", "number", "amount", True)],
    ),
    (
        "stripe_list_payments",
        "List recent Stripe payments.",
        [("limit", "integer", "how many", False)],
    ),
    (
        "stripe_refund_payment",
        "Refund a Stripe payment.",
        [("payment_id", "string", "payment id", True)],
    ),
    (
        "paypal_send_money",
        "Send money to someone with PayPal.",
        [("email", "string", "recipient", True), ("amount", "number", "amount", True)],
    ),
    (
        "budget_get_summary",
        "Spending by category for this month against the budget.",
        [("month", "string", "YYYY-MM", False)],
    ),
    (
        "expenses_add",
        "Record an expense in the budget tracker.",
        [("amount", "number", "amount", True), ("category", "string", "category", True)],
    ),
    # browser, fetch and web search
    (
        "browser_navigate",
        "Open a URL in the automated browser.",
        [("url", "string", "address", True)],
    ),
    (
        "browser_click",
        "Click an element on the current browser page.",
        [("selector", "string", "element", True)],
    ),
    (
        "browser_type",
        "Type text into a field on the current browser page.",
        [("selector", "string", "element", True), ("text", "string", "text", True)],
    ),
    ("browser_screenshot", "Take a screenshot of the current browser page.", []),
    ("browser_snapshot", "Accessibility snapshot of the current browser page.", []),
    ("browser_go_back", "Go back to the previous page in the browser.", []),
    ("browser_close", "Close the automated browser.", []),
    (
        "fetch_url",
        "Fetch a web page and return its text as Markdown.",
        [("url", "string", "address", True)],
    ),
    ("brave_web_search", "Search the web with Brave Search.", _Q),
    ("brave_local_search", "Search Brave for local businesses and places.", _Q),
    ("tavily_search", "Web search tuned for research questions, with sources.", _Q),
    (
        "tavily_extract",
        "Extract the main content from a list of URLs.",
        [("urls", "array", "addresses", True)],
    ),
    ("duckduckgo_search", "Search the web with DuckDuckGo.", _Q),
    # databases
    (
        "postgres_query",
        "Run a read-only SQL query on the PostgreSQL database.",
        [("sql", "string", "SQL", True)],
    ),
    ("postgres_list_tables", "List tables in the PostgreSQL database.", []),
    (
        "postgres_describe_table",
        "Columns and types of a PostgreSQL table.",
        [("table", "string", "table", True)],
    ),
    (
        "sqlite_read_query",
        "Run a SELECT query on a SQLite database.",
        [("sql", "string", "SQL", True)],
    ),
    (
        "sqlite_write_query",
        "Run an INSERT, UPDATE or DELETE on a SQLite database.",
        [("sql", "string", "SQL", True)],
    ),
    ("sqlite_list_tables", "List tables in a SQLite database.", []),
    ("sqlite_describe_table", "Schema of a SQLite table.", [("table", "string", "table", True)]),
    (
        "sqlite_create_table",
        "Create a table in a SQLite database.",
        [("sql", "string", "CREATE TABLE statement", True)],
    ),
    ("mysql_query", "Run a SQL query on the MySQL server.", [("sql", "string", "SQL", True)]),
    (
        "mongodb_find",
        "Find documents in a MongoDB collection.",
        [("collection", "string", "collection", True), ("filter", "string", "JSON filter", False)],
    ),
    (
        "mongodb_insert",
        "Insert a document into a MongoDB collection.",
        [("collection", "string", "collection", True), ("document", "string", "JSON", True)],
    ),
    ("redis_get", "Get the value of a Redis key.", [("key", "string", "key", True)]),
    (
        "redis_set",
        "Set a Redis key to a value.",
        [("key", "string", "key", True), ("value", "string", "value", True)],
    ),
    # knowledge-graph memory server
    (
        "memory_create_entities",
        "Create entities in the knowledge graph memory.",
        [("names", "array", "entity names", True)],
    ),
    (
        "memory_create_relations",
        "Create relations between knowledge graph entities.",
        [
            ("source", "string", "from", True),
            ("relation", "string", "relation", True),
            ("target", "string", "to", True),
        ],
    ),
    (
        "memory_add_observations",
        "Add observations (facts) to a knowledge graph entity.",
        [("entity", "string", "entity", True), ("facts", "array", "facts", True)],
    ),
    ("memory_search_nodes", "Search the knowledge graph memory for entities.", _Q),
    (
        "memory_open_nodes",
        "Open knowledge graph entities by name.",
        [("names", "array", "entity names", True)],
    ),
    (
        "memory_delete_entities",
        "Delete entities from the knowledge graph memory.",
        [("names", "array", "entity names", True)],
    ),
    ("memory_read_graph", "Read the whole knowledge graph memory.", []),
    # time
    (
        "get_current_time",
        "The current date and time in a time zone.",
        [("timezone", "string", "IANA zone, e.g. Europe/Lisbon", False)],
    ),
    (
        "convert_time",
        "Convert a time from one time zone to another.",
        [
            ("time", "string", "HH:MM", True),
            ("from_zone", "string", "zone", True),
            ("to_zone", "string", "zone", True),
        ],
    ),
    (
        "world_clock",
        "Current local time in several cities at once.",
        [("cities", "array", "cities", True)],
    ),
    # contacts
    ("google_contacts_search", "Search Google Contacts by name, email or phone.", _Q),
    (
        "google_contacts_create",
        "Add a new contact to Google Contacts.",
        [
            ("name", "string", "full name", True),
            ("email", "string", "email", False),
            ("phone", "string", "phone", False),
        ],
    ),
    ("carddav_search_contacts", "Search the CardDAV address book.", _Q),
    (
        "carddav_update_contact",
        "Change the phone or email of a CardDAV contact.",
        [("contact_id", "string", "contact", True), ("phone", "string", "phone", False)],
    ),
    # music and video
    ("spotify_play", "Play a song, album, artist or playlist on Spotify.", _Q),
    ("spotify_pause", "Pause Spotify playback.", []),
    ("spotify_next_track", "Skip to the next track on Spotify.", []),
    ("spotify_search", "Search the Spotify catalogue.", _Q),
    (
        "spotify_add_to_playlist",
        "Add a track to a Spotify playlist.",
        [("track", "string", "track", True), ("playlist", "string", "playlist", True)],
    ),
    (
        "spotify_set_volume",
        "Set the Spotify playback volume.",
        [("volume_pct", "integer", "0-100", True)],
    ),
    ("youtube_search_videos", "Search YouTube videos.", _Q),
    (
        "youtube_get_transcript",
        "Get the transcript of a YouTube video.",
        [("url", "string", "video URL", True)],
    ),
    # travel
    (
        "search_flights",
        "Search flights between two airports on a date.",
        [
            ("origin", "string", "airport", True),
            ("destination", "string", "airport", True),
            ("date", "string", "departure date", True),
        ],
    ),
    (
        "get_flight_status",
        "Live status of a flight by flight number.",
        [("flight_number", "string", "e.g. TP1350", True)],
    ),
    (
        "search_hotels",
        "Search hotels in a city for given dates.",
        [
            ("city", "string", "city", True),
            ("check_in", "string", "date", True),
            ("nights", "integer", "nights", True),
        ],
    ),
    (
        "book_hotel",
        "Book a hotel room found by search_hotels.",
        [("hotel_id", "string", "hotel", True)],
    ),
    (
        "search_trains",
        "Search train connections between two stations.",
        [("origin", "string", "station", True), ("destination", "string", "station", True)],
    ),
    # office documents
    (
        "google_docs_create",
        "Create a Google Docs document.",
        [("title", "string", "title", True), ("content", "string", "text", False)],
    ),
    (
        "google_docs_append",
        "Append text to a Google Docs document.",
        [("document_id", "string", "document", True), ("text", "string", "text", True)],
    ),
    (
        "google_sheets_read_range",
        "Read cells from a Google Sheets spreadsheet.",
        [("spreadsheet_id", "string", "sheet", True), ("range", "string", "A1 range", True)],
    ),
    (
        "google_sheets_append_row",
        "Append a row to a Google Sheets spreadsheet.",
        [("spreadsheet_id", "string", "sheet", True), ("values", "array", "cells", True)],
    ),
    (
        "google_sheets_update_cell",
        "Write a value into one Google Sheets cell.",
        [
            ("spreadsheet_id", "string", "sheet", True),
            ("cell", "string", "A1", True),
            ("value", "string", "value", True),
        ],
    ),
    (
        "excel_read_sheet",
        "Read a worksheet from a local Excel file.",
        [("path", "string", "xlsx file", True), ("sheet", "string", "sheet", False)],
    ),
    # devops
    ("docker_list_containers", "List Docker containers and their status.", []),
    (
        "docker_start_container",
        "Start a stopped Docker container.",
        [("container", "string", "name or id", True)],
    ),
    (
        "docker_stop_container",
        "Stop a running Docker container.",
        [("container", "string", "name or id", True)],
    ),
    (
        "docker_logs",
        "Show the logs of a Docker container.",
        [("container", "string", "name or id", True), ("tail", "integer", "lines", False)],
    ),
    (
        "kubectl_get_pods",
        "List Kubernetes pods in a namespace.",
        [("namespace", "string", "namespace", False)],
    ),
    ("kubectl_logs", "Logs of a Kubernetes pod.", [("pod", "string", "pod", True)]),
    (
        "kubectl_scale_deployment",
        "Scale a Kubernetes deployment to a number of replicas.",
        [("deployment", "string", "deployment", True), ("replicas", "integer", "count", True)],
    ),
    (
        "sentry_list_issues",
        "List unresolved Sentry errors for a project.",
        [("project", "string", "project", True)],
    ),
    (
        "sentry_get_issue",
        "Details and stack trace of a Sentry issue.",
        [("issue_id", "string", "issue", True)],
    ),
    (
        "grafana_query_metrics",
        "Query a Grafana/Prometheus metric over a time range.",
        [("expr", "string", "PromQL", True), ("range", "string", "e.g. 1h", False)],
    ),
    # news and reading
    ("rss_list_feeds", "List subscribed RSS feeds.", []),
    ("rss_get_entries", "Latest entries of an RSS feed.", [("feed", "string", "feed", True)]),
    (
        "hackernews_top_stories",
        "Top stories on Hacker News right now.",
        [("limit", "integer", "how many", False)],
    ),
    ("reddit_search", "Search Reddit posts.", [*_Q, ("subreddit", "string", "sub", False)]),
    ("wikipedia_search", "Search Wikipedia articles.", _Q),
    (
        "wikipedia_get_article",
        "Get the text of a Wikipedia article.",
        [("title", "string", "article title", True)],
    ),
    ("arxiv_search", "Search arXiv for scientific papers.", _Q),
    # shopping and food
    ("amazon_search_products", "Search Amazon products.", _Q),
    ("amazon_track_order", "Track an Amazon order.", [("order_id", "string", "order", False)]),
    (
        "instacart_add_to_cart",
        "Add groceries to the Instacart cart.",
        [("items", "array", "items", True)],
    ),
    ("ubereats_search_restaurants", "Find restaurants that deliver on Uber Eats.", _Q),
    # utilities
    (
        "translate_text",
        "Translate text into another language.",
        [("text", "string", "text", True), ("target_language", "string", "language", True)],
    ),
    ("detect_language", "Detect the language of a text.", [("text", "string", "text", True)]),
    (
        "calculator",
        "Evaluate an arithmetic expression.",
        [("expression", "string", "e.g. 17*23", True)],
    ),
    (
        "convert_units",
        "Convert a quantity between units (length, weight, temperature).",
        [
            ("value", "number", "value", True),
            ("from_unit", "string", "unit", True),
            ("to_unit", "string", "unit", True),
        ],
    ),
    (
        "generate_password",
        "Generate a random strong password.",
        [("length", "integer", "characters", False)],
    ),
    # health
    (
        "fitbit_get_sleep",
        "Sleep duration and stages from Fitbit for a night.",
        [("date", "string", "date", False)],
    ),
    ("fitbit_get_steps", "Step count from Fitbit for a day.", [("date", "string", "date", False)]),
    (
        "strava_list_activities",
        "Recent runs and rides logged on Strava.",
        [("limit", "integer", "how many", False)],
    ),
    (
        "log_water_intake",
        "Log a glass or amount of water drunk.",
        [("ml", "integer", "millilitres", True)],
    ),
    # local reminders and timers (the always-on core in SET_5 is picked from these)
    (
        "set_timer",
        "Start a countdown timer.",
        [("minutes", "integer", "minutes", True), ("label", "string", "label", False)],
    ),
    (
        "create_reminder",
        "Remind the user of something at a time.",
        [("text", "string", "what to remind", True), ("when", "string", "the user's words", True)],
    ),
    ("list_reminders", "List the user's upcoming reminders.", []),
]


def all_tools() -> list[ToolDef]:
    """The 300 tools, grouped by server as a user would enable them."""
    code = _family(_CODE_OPS, [("", "GitHub")], _REPO)
    code += _family(_CODE_OPS, [("gitlab", "GitLab")], _PROJECT)
    code += _family(_CODE_OPS[:6], [("gitea", "the self-hosted Gitea")], _REPO)
    tools = (
        code
        + _family(
            _CALENDAR_OPS,
            [("gcal", "Google"), ("outlook", "Outlook"), ("caldav", "CalDAV (Nextcloud)")],
        )
        + _family(_MAIL_OPS, [("gmail", "Gmail"), ("outlook_mail", "Outlook"), ("imap", "IMAP")])
        + _family(
            _CHAT_OPS,
            [
                ("slack", "Slack"),
                ("discord", "Discord"),
                ("teams", "Microsoft Teams"),
                ("matrix", "Matrix"),
            ],
        )
        + _family(
            _NOTE_OPS,
            [("notion", "Notion"), ("obsidian", "the Obsidian vault"), ("evernote", "Evernote")],
        )
        + _family(
            _STORAGE_OPS,
            [("gdrive", "Google Drive"), ("dropbox", "Dropbox"), ("onedrive", "OneDrive")],
        )
        + _family(
            _WEATHER_OPS, [("openweather", "OpenWeatherMap"), ("nws", "the US weather service")]
        )
        + _family(_MAP_OPS, [("gmaps", "Google Maps"), ("osm", "OpenStreetMap")])
        + _family(
            _TASK_OPS,
            [
                ("todoist", "Todoist"),
                ("trello", "Trello"),
                ("asana", "Asana"),
                ("things", "Things"),
            ],
        )
        + _family(
            [
                (
                    "create_issue",
                    "Create a {svc} issue (ticket).",
                    [
                        ("title", "string", "summary", True),
                        ("description", "string", "text", False),
                    ],
                ),
                ("search_issues", "Search {svc} issues (tickets) with a query.", _Q),
                (
                    "update_issue_status",
                    "Move a {svc} issue to another status.",
                    [("issue", "string", "issue key", True), ("status", "string", "status", True)],
                ),
            ],
            [("jira", "Jira"), ("linear", "Linear")],
        )
        + _single(_SINGLES)
    )
    names = [t.name for t in tools]
    assert len(names) == len(set(names)), "tool names must be unique"
    return tools


TOOLS = all_tools()
BY_NAME = {t.name: t for t in TOOLS}

# The baseline: five tools always on, held in the cached prefix.
SET_5 = [
    "get_current_time",
    "openweather_get_forecast",
    "create_reminder",
    "gcal_list_events",
    "ha_turn_off",
]

# (request, tool names that answer it)
REQUESTS: list[tuple[str, tuple[str, ...]]] = [
    # the five core tools
    ("what time is it right now?", ("get_current_time",)),
    ("is it past midnight in Tokyo yet?", ("get_current_time", "world_clock")),
    ("will it rain in Lisbon this weekend?", ("openweather_get_forecast", "nws_get_forecast")),
    ("what's the weather going to be like tomorrow in Porto?", ("openweather_get_forecast",)),
    ("remind me to call the dentist tomorrow at 9", ("create_reminder",)),
    ("don't let me forget to buy bread on my way home at 6pm", ("create_reminder",)),
    ("what's on my Google calendar on Thursday?", ("gcal_list_events",)),
    (
        "do I have any meetings tomorrow afternoon?",
        ("gcal_list_events", "outlook_list_events", "caldav_list_events"),
    ),
    ("turn off the living room lights", ("ha_turn_off", "hue_turn_off_light")),
    ("switch off the fan in the bedroom", ("ha_turn_off",)),
    # code hosting
    (
        "find open bugs about login crashes in our GitHub repo acme/web",
        ("search_issues", "search_issues_v2"),
    ),
    (
        "file a GitHub issue in acme/web: the signup button does nothing on Safari",
        ("create_issue", "create_issue_v2"),
    ),
    ("show me issue 42 on github acme/api", ("get_issue",)),
    ("comment on GitHub issue 17 in acme/web that the fix is deployed", ("add_issue_comment",)),
    ("which pull requests are still open in acme/web on GitHub?", ("list_pull_requests",)),
    ("merge PR 88 in acme/api on GitHub", ("merge_pull_request",)),
    ("what's in the README of acme/web on github?", ("get_file_contents",)),
    ("create a branch called fix-typo in acme/docs on GitHub", ("create_branch",)),
    ("where in our GitHub code do we call parse_invoice?", ("search_code",)),
    ("list the repos of the octocat account on GitHub", ("list_repositories",)),
    ("search GitLab project infra/terraform for issues about the VPN", ("gitlab_search_issues",)),
    ("open a GitLab issue in infra/terraform: state lock never released", ("gitlab_create_issue",)),
    (
        "show the merge requests waiting in GitLab project infra/ansible",
        ("gitlab_list_pull_requests",),
    ),
    (
        "what were the last commits on main in the gitlab project infra/ansible?",
        ("gitlab_list_commits",),
    ),
    (
        "on our Gitea server, open an issue in home/nas: backups fail on Sundays",
        ("gitea_create_issue",),
    ),
    ("make a Jira ticket: customer export times out", ("jira_create_issue",)),
    ("find Linear issues about onboarding emails", ("linear_search_issues",)),
    ("move Jira ticket OPS-12 to Done", ("jira_update_issue_status",)),
    # calendars
    ("put lunch with Sara on my Google calendar Friday at 1pm", ("gcal_create_event",)),
    ("schedule a team sync in Outlook next Tuesday at 10", ("outlook_create_event",)),
    ("move my Outlook meeting with finance to 3pm", ("outlook_update_event",)),
    ("cancel the yoga class in my Nextcloud calendar", ("caldav_delete_event",)),
    ("when am I free for an hour next week on Google Calendar?", ("gcal_find_free_time",)),
    ("accept the invite to the quarterly review in Outlook", ("outlook_respond_to_invite",)),
    ("what's on my work Outlook calendar today?", ("outlook_list_events",)),
    # mail
    ("did Paul email me about the invoice? check gmail", ("gmail_search_emails",)),
    ("send an email from Gmail to anna@example.com saying I'll be late", ("gmail_send_email",)),
    ("draft an Outlook email to the landlord about the heating", ("outlook_mail_draft_email",)),
    ("reply to that Gmail message saying thanks, sounds good", ("gmail_reply_to_email",)),
    ("archive the newsletter in my gmail inbox", ("gmail_archive_email",)),
    (
        "look in my work Outlook mailbox for the contract from Legal",
        ("outlook_mail_search_emails",),
    ),
    (
        "read the latest message in my IMAP mailbox from the bank",
        ("imap_search_emails", "imap_read_email"),
    ),
    # chat
    ("tell the #design channel on Slack that the mockups are ready", ("slack_send_message",)),
    ("what have people said in the Slack #ops channel today?", ("slack_get_channel_history",)),
    ("search Slack for the message about the office wifi", ("slack_search_messages",)),
    ("set my Slack status to 'on holiday'", ("slack_set_status",)),
    ("post 'game night at 8' in the friends Discord server", ("discord_send_message",)),
    ("send a Teams message to Marco asking for the slides", ("teams_send_message",)),
    ("which Matrix rooms am I in?", ("matrix_list_channels",)),
    ("react with a thumbs up to Ana's last Slack message", ("slack_add_reaction",)),
    # notes
    ("find my Notion page about the trip to Japan", ("notion_search_notes",)),
    ("make a new Notion page called Reading list with three books", ("notion_create_note",)),
    ("add 'buy sunscreen' to my Obsidian packing note", ("obsidian_append_to_note",)),
    (
        "open my Evernote note with the recipe for pancakes",
        ("evernote_read_note", "evernote_search_notes"),
    ),
    ("delete the old draft page in Notion", ("notion_delete_note",)),
    # storage and files
    ("find the tax return PDF in my Google Drive", ("gdrive_search_files",)),
    ("share the holiday photos folder on Dropbox with mum@example.com", ("dropbox_share_file",)),
    ("upload ~/Desktop/cv.pdf to OneDrive", ("onedrive_upload_file",)),
    ("what's in the Projects folder on Dropbox?", ("dropbox_list_folder",)),
    ("read /etc/hosts for me", ("fs_read_file",)),
    ("what files are in my Downloads directory on this computer?", ("fs_list_directory",)),
    ("save this text into ~/notes/todo.txt: call the bank", ("fs_write_file",)),
    ("rename ~/report.docx to ~/report-final.docx", ("fs_move_file",)),
    ("how big is the file ~/Videos/wedding.mp4?", ("fs_get_file_info",)),
    ("find all the .csv files under ~/work", ("fs_search_files",)),
    # smart home
    ("turn on the kitchen light", ("ha_turn_on", "hue_turn_on_light")),
    ("dim the bedroom lamp to 30 percent", ("ha_set_brightness", "hue_set_brightness")),
    ("make the Hue light in the hall blue", ("hue_set_color",)),
    ("set the thermostat to 21 degrees", ("ha_set_temperature",)),
    ("is the front door locked?", ("ha_get_state",)),
    ("lock the back door", ("ha_lock",)),
    ("start movie night mode", ("ha_activate_scene",)),
    ("close the living room blinds halfway", ("ha_set_cover_position",)),
    ("start the robot vacuum", ("ha_start_vacuum",)),
    # weather and maps
    (
        "any storm warnings for Florida right now?",
        ("nws_get_weather_alerts", "openweather_get_weather_alerts"),
    ),
    ("how's the air in Delhi today?", ("openweather_get_air_quality", "nws_get_air_quality")),
    (
        "is it cold outside in Berlin at the moment?",
        ("openweather_get_current_weather", "nws_get_current_weather"),
    ),
    (
        "find a vegetarian restaurant near Alfama",
        ("gmaps_search_places", "osm_search_places", "brave_local_search"),
    ),
    ("how do I walk from Rossio to the castle?", ("gmaps_get_directions", "osm_get_directions")),
    (
        "how long does it take to drive from Lisbon to Porto?",
        ("gmaps_get_travel_time", "osm_get_travel_time", "gmaps_get_directions"),
    ),
    ("what are the GPS coordinates of 10 Downing Street?", ("gmaps_geocode", "osm_geocode")),
    # tasks
    ("add 'renew passport' to Todoist for next month", ("todoist_create_task",)),
    ("what's left on my Asana list for the website project?", ("asana_list_tasks",)),
    ("mark the Trello card 'buy paint' as done", ("trello_complete_task",)),
    # finance
    ("how much is Apple stock trading at?", ("get_stock_quote",)),
    ("what's bitcoin worth in euros?", ("get_crypto_price",)),
    ("how many dollars is 250 euros?", ("convert_currency",)),
    ("what did I spend with my card this week?", ("bank_list_transactions",)),
    ("how much money is in my savings account?", ("bank_get_balance",)),
    ("send an invoice of 400 to client@acme.com through Stripe", ("stripe_create_invoice",)),
    ("refund Stripe payment pi_123", ("stripe_refund_payment",)),
    ("am I over budget on restaurants this month?", ("budget_get_summary",)),
    ("I just spent 12 euros on lunch, log it", ("expenses_add",)),
    # web
    (
        "look up the opening hours of the Prado museum online",
        (
            "brave_web_search",
            "tavily_search",
            "duckduckgo_search",
            "gmaps_place_details",
            "osm_place_details",
        ),
    ),
    (
        "get me the text of https://example.com/article",
        ("fetch_url", "browser_navigate", "tavily_extract"),
    ),
    ("take a screenshot of the page in the browser", ("browser_screenshot",)),
    ("what's trending on Hacker News?", ("hackernews_top_stories",)),
    ("look up Ada Lovelace on Wikipedia", ("wikipedia_search", "wikipedia_get_article")),
    ("find recent papers on retrieval augmented generation", ("arxiv_search",)),
    # databases and devops
    ("how many rows are in the orders table in postgres?", ("postgres_query",)),
    ("what columns does the users table have in the postgres db?", ("postgres_describe_table",)),
    ("list the tables in my sqlite database", ("sqlite_list_tables",)),
    ("which docker containers are running?", ("docker_list_containers",)),
    ("restart... no, just stop the nginx container", ("docker_stop_container",)),
    ("show the logs of the api pod in kubernetes", ("kubectl_logs",)),
    ("what errors is Sentry reporting for the checkout project?", ("sentry_list_issues",)),
    # memory graph, contacts, media, travel, office, utilities, health
    (
        "remember in the knowledge graph that Joana works at Siemens",
        ("memory_add_observations", "memory_create_entities"),
    ),
    ("what's Pedro's phone number in my Google contacts?", ("google_contacts_search",)),
    ("add Rita Costa, rita@example.com, to my Google contacts", ("google_contacts_create",)),
    ("play some Miles Davis on Spotify", ("spotify_play",)),
    ("skip this song", ("spotify_next_track",)),
    ("get the transcript of this YouTube video https://youtu.be/abc", ("youtube_get_transcript",)),
    ("find me flights from Lisbon to Berlin on March 3", ("search_flights",)),
    ("is flight TP1350 on time?", ("get_flight_status",)),
    ("find a hotel in Rome for 3 nights from May 2", ("search_hotels",)),
    (
        "add a row with today's date and 42 km to my running spreadsheet in Google Sheets",
        ("google_sheets_append_row",),
    ),
    ("translate 'where is the train station' into German", ("translate_text",)),
    ("what's 17 times 23?", ("calculator",)),
    ("how many kilometres is 26 miles?", ("convert_units",)),
    ("give me a new 20 character password", ("generate_password",)),
    ("how did I sleep last night according to Fitbit?", ("fitbit_get_sleep",)),
    ("set a timer for 10 minutes for the pasta", ("set_timer",)),
    ("what reminders do I have coming up?", ("list_reminders",)),
]


def _set_50() -> list[str]:
    """The core five, then 45 tools a busy user might enable (many near-duplicates)."""
    extra = [
        "search_issues",
        "search_issues_v2",
        "create_issue",
        "create_issue_v2",
        "get_issue",
        "list_pull_requests",
        "gitlab_search_issues",
        "gitlab_create_issue",
        "jira_create_issue",
        "jira_search_issues",
        "gcal_create_event",
        "gcal_find_free_time",
        "outlook_list_events",
        "outlook_create_event",
        "gmail_search_emails",
        "gmail_send_email",
        "gmail_reply_to_email",
        "outlook_mail_search_emails",
        "outlook_mail_draft_email",
        "slack_send_message",
        "slack_search_messages",
        "slack_get_channel_history",
        "teams_send_message",
        "notion_search_notes",
        "notion_create_note",
        "obsidian_append_to_note",
        "gdrive_search_files",
        "dropbox_share_file",
        "fs_read_file",
        "fs_list_directory",
        "fs_write_file",
        "ha_turn_on",
        "ha_set_brightness",
        "ha_set_temperature",
        "ha_get_state",
        "ha_lock",
        "hue_turn_on_light",
        "hue_turn_off_light",
        "hue_set_brightness",
        "openweather_get_current_weather",
        "gmaps_search_places",
        "gmaps_get_directions",
        "todoist_create_task",
        "spotify_play",
        "brave_web_search",
    ]
    return SET_5 + extra


SET_50 = _set_50()
SET_300 = [t.name for t in TOOLS]


def requests_for(
    names: list[str], requests: list[tuple[str, tuple[str, ...]]] | None = None
) -> list[tuple[str, tuple[str, ...]]]:
    """The labelled requests that some tool in `names` answers (labels cut to `names`).

    `requests` defaults to the tune set, `REQUESTS`.
    """
    present = set(names)
    out = []
    for text, answers in REQUESTS if requests is None else requests:
        kept = tuple(a for a in answers if a in present)
        if kept:
            out.append((text, kept))
    return out
