"""A third held-out set of labelled requests over the 300 tools of `benchmarks/toolsets.py`.

Written on 2026-11-27 blind to the tool selector: from the tool definitions in
`toolsets.py` (names, descriptions, parameters, everything before its request list), the
module docstring and label constants of `toolsets_held2.py`, and
`tests/kernel/test_toolsets_labels.py` only, without reading the selector's code or
lexicon, anything else under `src/familiar/kernel/`, the tune, held or held2 request
texts, the benchmark runner, its README, any benchmark result or miss, or the git history.
Nothing was ranked for these requests before they were written, and they must never be
used to choose selector settings (weights, what is embedded, thresholds) nor edited to
make them pass; only a wrong label may be fixed. Once written, they were compared
mechanically with the 675 tune, held and held2 texts, still unread (exact match,
case-insensitive; then Jaccard overlap of lowercase words longer than three letters
>= 0.6): the first pass flagged 9 exact copies and 42 close rewordings, all 51 were
rephrased with other entities and words, one rephrasing was flagged again and reworded
once more, and the final pass flags none.

There are 494 requests labelling all 300 tools. They are phrased as people talk to a
personal assistant on a phone or laptop: terse commands, questions, context before the
ask, and 183 indirect needs that name neither a tool nor an action ("the sun is blasting
straight onto my monitor"); the indirect ones carry an `# indirect` comment.

Labels are every tool that would correctly serve the request, by the rule of the other
sets: a request that names a provider ("in Notion", "on my Nextcloud calendar") is
answered only by that provider's tools (GitHub's `_v2` duplicates count for GitHub); one
that names none is answered by every provider's tool for that job. A near-duplicate that
would do the wrong thing is not an answer: `create_issue` cannot set labels or assignees
(only `create_issue_v2` can), only `search_issues_v2` sorts by reactions, a draft is not
a send, `ha_toggle` is not an answer to "turn off", the US weather service does not
cover places outside the US, CardDAV contacts can be updated but not created and Google
Contacts created but not updated. Listing pull requests by state is answered by the same
service's `search_issues` too (it searches issues and pull requests by state). A
Fastmail account is reached over IMAP, an iCloud calendar over CalDAV.

Further choices made here, from the tool descriptions: travel time is answered by the
directions tools as well (a route carries its duration), but directions are not answered
by a bare travel time; a place search is answered by `brave_local_search` too; reading a
page by URL by `fetch_url` and `tavily_extract`; fans, thermostats, locks, blinds and
the vacuum only by Home Assistant, a light's colour only by Hue; "flip" a light only by
`ha_toggle`. A request to read, reply to or act on one message, page or task is labelled
with the tool that does that act; the search that would find it first is added only where
finding it is part of the ask ("pretty sure it's in Evernote somewhere"). An
unnamed "tracker" is every code host's and Jira's and Linear's issue search. A reminder
"in N minutes" is served by a timer too, and a countdown for cooking only by the timer.
"""

from __future__ import annotations

_LIST_EVENTS = ("gcal_list_events", "outlook_list_events", "caldav_list_events")
_FREE_TIME = ("gcal_find_free_time", "outlook_find_free_time", "caldav_find_free_time")
_CREATE_EVENT = ("gcal_create_event", "outlook_create_event", "caldav_create_event")
_UPDATE_EVENT = ("gcal_update_event", "outlook_update_event", "caldav_update_event")
_DELETE_EVENT = ("gcal_delete_event", "outlook_delete_event", "caldav_delete_event")
_RESPOND = ("gcal_respond_to_invite", "outlook_respond_to_invite", "caldav_respond_to_invite")
_SEARCH_MAIL = ("gmail_search_emails", "outlook_mail_search_emails", "imap_search_emails")
_READ_MAIL = ("gmail_read_email", "outlook_mail_read_email", "imap_read_email")
_SEND_MAIL = ("gmail_send_email", "outlook_mail_send_email", "imap_send_email")
_DRAFT_MAIL = ("gmail_draft_email", "outlook_mail_draft_email", "imap_draft_email")
_REPLY_MAIL = ("gmail_reply_to_email", "outlook_mail_reply_to_email", "imap_reply_to_email")
_ARCHIVE_MAIL = ("gmail_archive_email", "outlook_mail_archive_email", "imap_archive_email")
_LABEL_MAIL = ("gmail_label_email", "outlook_mail_label_email", "imap_label_email")
_SEND_CHAT = (
    "slack_send_message",
    "discord_send_message",
    "teams_send_message",
    "matrix_send_message",
)
_SEARCH_CHAT = (
    "slack_search_messages",
    "discord_search_messages",
    "teams_search_messages",
    "matrix_search_messages",
)
_CHAT_STATUS = ("slack_set_status", "discord_set_status", "teams_set_status", "matrix_set_status")
_SEARCH_NOTES = ("notion_search_notes", "obsidian_search_notes", "evernote_search_notes")
_CREATE_NOTE = ("notion_create_note", "obsidian_create_note", "evernote_create_note")
_APPEND_NOTE = ("notion_append_to_note", "obsidian_append_to_note", "evernote_append_to_note")
_READ_NOTE = ("notion_read_note", "obsidian_read_note", "evernote_read_note")
_SEARCH_CLOUD = ("gdrive_search_files", "dropbox_search_files", "onedrive_search_files")
_SHARE_CLOUD = ("gdrive_share_file", "dropbox_share_file", "onedrive_share_file")
_NEW_TASK = ("todoist_create_task", "trello_create_task", "asana_create_task", "things_create_task")
_LIST_TASKS = ("todoist_list_tasks", "trello_list_tasks", "asana_list_tasks", "things_list_tasks")
_DONE_TASK = (
    "todoist_complete_task",
    "trello_complete_task",
    "asana_complete_task",
    "things_complete_task",
)
_MOVE_TASK = (
    "todoist_update_task",
    "trello_update_task",
    "asana_update_task",
    "things_update_task",
)
_ISSUE_SEARCH = (
    "search_issues",
    "search_issues_v2",
    "gitlab_search_issues",
    "gitea_search_issues",
    "jira_search_issues",
    "linear_search_issues",
)
_TICKET_STATUS = ("jira_update_issue_status", "linear_update_issue_status")
_LIGHT_ON = ("ha_turn_on", "hue_turn_on_light")
_LIGHT_OFF = ("ha_turn_off", "hue_turn_off_light")
_DIM = ("ha_set_brightness", "hue_set_brightness")
_WEB = ("brave_web_search", "tavily_search", "duckduckgo_search")
_READ_PAGE = ("fetch_url", "tavily_extract")
_PLACES = ("gmaps_search_places", "osm_search_places", "brave_local_search")
_DIRECTIONS = ("gmaps_get_directions", "osm_get_directions")
_TRAVEL_TIME = (
    "gmaps_get_travel_time",
    "osm_get_travel_time",
    "gmaps_get_directions",
    "osm_get_directions",
)
_PLACE_DETAILS = ("gmaps_place_details", "osm_place_details")
_GEOCODE = ("gmaps_geocode", "osm_geocode")
_REVERSE_GEOCODE = ("gmaps_reverse_geocode", "osm_reverse_geocode")
_CONTACTS = ("google_contacts_search", "carddav_search_contacts")
_TIME_IN = ("get_current_time", "world_clock")
_WIKI = ("wikipedia_search", "wikipedia_get_article")
_MEMORY_LOOKUP = ("memory_search_nodes", "memory_open_nodes")
_NOW_US = ("openweather_get_current_weather", "nws_get_current_weather")
_FORECAST_US = ("openweather_get_forecast", "nws_get_forecast")
_ALERTS_US = ("openweather_get_weather_alerts", "nws_get_weather_alerts")
_AIR_US = ("openweather_get_air_quality", "nws_get_air_quality")
_GH_SEARCH = ("search_issues", "search_issues_v2")
_GH_CREATE = ("create_issue", "create_issue_v2")

# (request, tool names that answer it)
HELD3_REQUESTS: list[tuple[str, tuple[str, ...]]] = [
    # code hosting: GitHub
    ("any open github issues in familiar-ai/familiar about the memory leak?", _GH_SEARCH),
    (
        "Which bugs in acme/widgets on GitHub have the most 👍? I'd rather fix what "
        "people actually care about",
        ("search_issues_v2",),
    ),
    ("file a github issue in kpetrov/dotfiles: zsh prompt breaks when tmux resizes", _GH_CREATE),
    (
        'New issue on GitHub for ourteam/invoicer, "CSV export drops the last row", '
        "label it bug and p1",
        ("create_issue_v2",),
    ),
    ("what's github issue 482 in northwind/api about", ("get_issue",)),
    (
        "can you put a comment on GitHub #1290 in lumen/core saying I can reproduce it on ARM too",
        ("add_issue_comment",),
    ),
    (
        "I've got an hour for reviews. What's waiting on me in the helio/mobile-app "
        "repo on GitHub?",
        ("list_pull_requests", "search_issues"),
    ),  # indirect
    (
        'open a PR on github in helio/web from feature/dark-mode into main, title "Dark mode v1"',
        ("create_pull_request",),
    ),
    ("CI is green on #77 in helio/web on github, ship it", ("merge_pull_request",)),  # indirect
    ("github: open CONTRIBUTING.md in the rust-lang/rustlings repo", ("get_file_contents",)),
    (
        "who's been touching the release-4.2 branch of acme/web on GitHub since yesterday?",
        ("list_commits",),
    ),  # indirect
    ("cut a hotfix/2.3.1 branch off main in helio/api on github", ("create_branch",)),
    (
        "Which files in our GitHub repos still use the deprecated fetchLegacyRates helper?",
        ("search_code",),
    ),
    ("what repos does the mozilla org have on github", ("list_repositories",)),
    (
        "A customer says the app crashes on Android 15. Is that already known on GitHub "
        "for helio/app?",
        _GH_SEARCH,
    ),  # indirect
    (
        "The docs link in our footer is dead. Log that against webteam/site on GitHub, "
        "assign it to Pieter and tag it docs",
        ("create_issue_v2",),
    ),
    (
        "I think somebody already reported the login timeout, can you check the tracker "
        "before I write it up again?",
        _ISSUE_SEARCH,
    ),  # indirect
    # code hosting: GitLab
    ('search gitlab issues in infra/terraform for "state lock"', ("gitlab_search_issues",)),
    (
        "new GitLab issue in platform/ci: runners run out of disk on big builds",
        ("gitlab_create_issue",),
    ),
    ("pull up gitlab issue 3051 in data/etl", ("gitlab_get_issue",)),
    (
        "comment on gitlab issue 88 in web/shop that the fix is on staging now",
        ("gitlab_add_issue_comment",),
    ),
    (
        "any merge requests still open on gitlab for team/backend?",
        ("gitlab_list_pull_requests", "gitlab_search_issues"),
    ),
    (
        "open a merge request on GitLab in mobile/core from fix/timezone into develop, "
        'call it "Fix DST offset"',
        ("gitlab_create_pull_request",),
    ),
    (
        "Hanna signed off on MR 412 in mobile/core on gitlab, it can go in",
        ("gitlab_merge_pull_request",),
    ),  # indirect
    (
        "what does the .gitlab-ci.yml in ops/deploy look like? it's on our gitlab",
        ("gitlab_get_file_contents",),
    ),
    (
        "who's been committing to main in the gitlab project analytics/dash this week",
        ("gitlab_list_commits",),
    ),
    ("make a branch spike/grpc in the GitLab project mobile/core", ("gitlab_create_branch",)),
    (
        "I'm worried someone hardcoded AWS_SECRET_ACCESS_KEY somewhere in our gitlab "
        "projects. Can you check?",
        ("gitlab_search_code",),
    ),  # indirect
    ("list the gitlab projects under the research group", ("gitlab_list_repositories",)),
    (
        "Can you see what the gang is saying on gitea issue 31 in me/homelab? I think "
        "they found the PSU problem",
        ("gitea_get_issue",),
    ),  # indirect
    # code hosting: Gitea
    ("on my gitea, find issues mentioning backup cron", ("gitea_search_issues",)),
    (
        "open a ticket on the self-hosted gitea for homelab/nas: SMART warnings on disk 3",
        ("gitea_create_issue",),
    ),
    ("gitea issue 14 in me/recipes, what was that one again", ("gitea_get_issue",)),
    ("reply on gitea issue #9 in me/blog that I pushed a fix", ("gitea_add_issue_comment",)),
    (
        "anything waiting for my review on the gitea box?",
        ("gitea_list_pull_requests", "gitea_search_issues"),
    ),  # indirect
    ("on gitea, PR from wip-parser into master in sam/toyc please", ("gitea_create_pull_request",)),
    # calendars
    ("what's on my plate tomorrow", _LIST_EVENTS),
    (
        "My flight lands at 9 on Friday. Is there anything before noon that day I'd have to move?",
        _LIST_EVENTS,
    ),  # indirect
    ("Kasia wants drinks Thursday evening, am I around?", (*_LIST_EVENTS, *_FREE_TIME)),  # indirect
    ("put dentist in my google calendar tuesday 3pm", ("gcal_create_event",)),
    ("move the Friday standup in Outlook to 10:15", ("outlook_update_event",)),
    ("cancel my 4pm with Marco on google calendar", ("gcal_delete_event",)),
    ("when could I fit a 90 minute call with the Lisbon folks next week?", _FREE_TIME),
    ("accept Ines's offsite invite on Outlook", ("outlook_respond_to_invite",)),
    (
        "Got the all-hands invite on my Nextcloud calendar but I'm on leave that day",
        ("caldav_respond_to_invite",),
    ),  # indirect
    ("what's on my iCloud calendar this weekend", ("caldav_list_events",)),
    (
        'add "pick up Leo from judo" Thursday 17:30 to the family calendar on nextcloud',
        ("caldav_create_event",),
    ),
    (
        "shift the plumber visit in my nextcloud calendar to monday morning",
        ("caldav_update_event",),
    ),
    ("delete the gym block on wednesday from my icloud calendar", ("caldav_delete_event",)),
    ("find me a free hour on my outlook calendar thu or fri", ("outlook_find_free_time",)),
    ("google calendar: any 30 min gap tomorrow afternoon?", ("gcal_find_free_time",)),
    (
        "tentative on Tom's birthday dinner invite in gcal, not sure I'll be back in time",
        ("gcal_respond_to_invite",),
    ),
    ("outlook calendar, what do I have monday", ("outlook_list_events",)),
    (
        "set up a 1:1 with raj@northwind.io in Outlook wednesday 2pm, 45 minutes",
        ("outlook_create_event",),
    ),
    (
        "the vendor review on my outlook calendar isn't happening anymore, they pulled out",
        ("outlook_delete_event",),
    ),  # indirect
    ('gcal: rename tomorrow\'s "sync" to "Budget review Q1"', ("gcal_update_event",)),
    (
        "Who did I meet last Thursday? It'll be in my Google calendar somewhere",
        ("gcal_list_events",),
    ),  # indirect
    ("schedule lunch with Priya friday 12:30", _CREATE_EVENT),
    ("I can't make the design review tomorrow, push it to next week same time", _UPDATE_EVENT),
    (
        "Dr. Almeida's office called — my appointment is now the 12th at 11 instead",
        _UPDATE_EVENT,
    ),  # indirect
    (
        "The kids have a half day on the 19th so nobody should be able to grab that "
        "afternoon from me",
        _CREATE_EVENT,
    ),  # indirect
    ("The Thursday book club is done for good, take it off my calendar", _DELETE_EVENT),
    ("Nadia sent a calendar invite for her housewarming on Saturday, count me in", _RESPOND),
    ("Am I double-booked anywhere on Wednesday?", _LIST_EVENTS),  # indirect
    (
        "I want a haircut sometime next week, when am I not tied up?",
        (*_FREE_TIME, *_LIST_EVENTS),
    ),  # indirect
    ("Gabriel's roadmap session invite for Tuesday — yeah, I'll be there", _RESPOND),  # indirect
    (
        "we're hosting the neighbours for dinner on the 23rd at 7, don't let anything "
        "else land on top of it",
        _CREATE_EVENT,
    ),  # indirect
    (
        "My manager wants an hour with me sometime this week. What can I offer her?",
        _FREE_TIME,
    ),  # indirect
    (
        "Is anything in my Google calendar clashing with the school play on the 14th at 6?",
        ("gcal_list_events",),
    ),  # indirect
    (
        "my Nextcloud calendar says I've got something on the 30th, what is it",
        ("caldav_list_events",),
    ),  # indirect
    (
        "The Outlook invite from procurement for Friday 8am, no way, I'm not doing that",
        ("outlook_respond_to_invite",),
    ),  # indirect
    (
        "Lena's birthday is on the 3rd and I forget every single year. Not this time",
        ("create_reminder", *_CREATE_EVENT),
    ),  # indirect
    # mail
    ("Did Lufthansa ever send the refund confirmation?", _SEARCH_MAIL),  # indirect
    ("gmail: find the airbnb receipt from March", ("gmail_search_emails",)),
    ("read me the latest gmail from Klarna, what do they want", ("gmail_read_email",)),
    (
        "email julia.m@posteo.de from gmail, subject Keys, say I left them with the neighbour",
        ("gmail_send_email",),
    ),
    (
        "write a draft in my Gmail to the school asking about the field trip, don't send it yet",
        ("gmail_draft_email",),
    ),
    ("reply to Otto's gmail: Thursday works for me", ("gmail_reply_to_email",)),
    (
        "that Substack newsletter in gmail, I've read it, get it out of my inbox",
        ("gmail_archive_email",),
    ),  # indirect
    ("put the Iberia booking email under my Travel label in Gmail", ("gmail_label_email",)),
    ("outlook mail: anything from HR about the pension change?", ("outlook_mail_search_emails",)),
    ("open the newest Outlook email from Sven and read it to me", ("outlook_mail_read_email",)),
    (
        "from my Outlook work mail, tell ops@northwind.com the backup window moves to Sunday 2am",
        ("outlook_mail_send_email",),
    ),
    (
        'draft an Outlook email to the board, subject "Q3 numbers", I\'ll finish it later',
        ("outlook_mail_draft_email",),
    ),
    (
        "answer Mira's Outlook message: sounds good, send me the deck",
        ("outlook_mail_reply_to_email",),
    ),
    ("archive the Jira notification mails in my Outlook inbox", ("outlook_mail_archive_email",)),
    ("move the Telekom invoice into the Bills folder in outlook", ("outlook_mail_label_email",)),
    ("search my fastmail for the wedding RSVP replies", ("imap_search_emails",)),
    ("read me the email from building management on my IMAP account", ("imap_read_email",)),
    (
        "send from fastmail to dad@heinz-family.de: landed safe, call you tomorrow",
        ("imap_send_email",),
    ),
    (
        "draft an email on the IMAP account to my accountant about the missing receipts",
        ("imap_draft_email",),
    ),
    ('reply to Yusuf\'s Fastmail message, "yes, bring the projector"', ("imap_reply_to_email",)),
    ("archive the old DHL shipping notifications in fastmail", ("imap_archive_email",)),
    ("file the lawyer's message in fastmail under House purchase", ("imap_label_email",)),
    ("email Anke that I'll be 10 min late", _SEND_MAIL),
    (
        "The recruiter from Zalando wrote yesterday. Let her know thanks, but I'm "
        "staying where I am",
        _REPLY_MAIL,
    ),  # indirect
    (
        "My inbox is drowning in LinkedIn notifications, get them out of sight",
        _ARCHIVE_MAIL,
    ),  # indirect
    (
        "Can you write something up to my landlord about the broken heater? I want to "
        "read it before it goes out",
        _DRAFT_MAIL,
    ),  # indirect
    ("has the venue sent over the contract yet", _SEARCH_MAIL),  # indirect
    ("what did the kindergarten's email say about friday", _READ_MAIL),
    ("tag the email from Dr. Brandt as Medical", _LABEL_MAIL),
    (
        "I promised the accountant the receipts last week. Did I actually send them?",
        _SEARCH_MAIL,
    ),  # indirect
    (
        "The contractor has been waiting a week for my answer on the quote. We're going "
        "ahead with it",
        (*_REPLY_MAIL, *_SEND_MAIL),
    ),  # indirect
    (
        "The bank statements shouldn't clutter my Gmail inbox anymore, they belong under Finance",
        ("gmail_label_email", "gmail_archive_email"),
    ),  # indirect
    # chat
    ("post in #deploys on slack that 4.2 is out", ("slack_send_message",)),
    ("which slack channels am I even in", ("slack_list_channels",)),
    (
        "I just got paged. What's going on in #incident-42 on Slack?",
        ("slack_get_channel_history",),
    ),  # indirect
    ("find the slack thread where Dmitri shared the VPN config", ("slack_search_messages",)),
    ("thumbs up Jen's last message on slack", ("slack_add_reaction",)),
    (
        "Heading into surgery, I won't see Slack until tomorrow — people should know "
        "that when they ping me",
        ("slack_set_status",),
    ),  # indirect
    ("tell the raid group on discord we start at 9 tonight", ("discord_send_message",)),
    ("what discord channels have I joined", ("discord_list_channels",)),
    ("what did I miss in #general on discord today", ("discord_get_channel_history",)),  # indirect
    ("search discord for the minecraft seed Tomas posted", ("discord_search_messages",)),
    ("drop a 🎉 on that announcement in discord", ("discord_add_reaction",)),
    ("discord status: streaming later 🎮", ("discord_set_status",)),
    ("message Farah on Teams: can you review the contract today?", ("teams_send_message",)),
    ("which Teams channels have I been added to?", ("teams_list_channels",)),
    (
        "I've been off for two weeks. What did the Finance channel on Teams talk about?",
        ("teams_get_channel_history",),
    ),  # indirect
    ('search teams for "parking permit"', ("teams_search_messages",)),
    ("like Bernd's post in Teams", ("teams_add_reaction",)),
    ("set Teams status to out sick 🤒", ("teams_set_status",)),
    ("send to the family room on matrix: dinner at 7", ("matrix_send_message",)),
    ("Matrix: show the rooms I've joined on my homeserver", ("matrix_list_channels",)),
    ("last 50 messages in the homelab room on matrix", ("matrix_get_channel_history",)),
    ("did anyone on Matrix bring up the synapse upgrade?", ("matrix_search_messages",)),  # indirect
    ("react with a heart to mum's message on matrix", ("matrix_add_reaction",)),
    ("matrix status → on holiday till the 12th 🌴", ("matrix_set_status",)),
    ("post in the team channel that the build's fixed", _SEND_CHAT),
    (
        "Someone shared a kimchi recipe in one of my group chats last week, can you dig it up?",
        _SEARCH_CHAT,
    ),  # indirect
    ('change my chat status to "in interviews, back at 5"', _CHAT_STATUS),
    (
        "I'm stuck on the A40. Tell #standup on slack I'll be ten minutes late",
        ("slack_send_message",),
    ),
    ("Ryan's Slack message about the offsite deserves a 🙌", ("slack_add_reaction",)),  # indirect
    (
        'whoever wrote "lunch is here" on Discord gets a pizza emoji from me',
        ("discord_add_reaction",),
    ),  # indirect
    (
        "What's the crew saying in the #ops room on Matrix? I've been heads-down all day",
        ("matrix_get_channel_history",),
    ),  # indirect
    (
        "Who was it on Teams that mentioned the new expense policy?",
        ("teams_search_messages",),
    ),  # indirect
    # notes
    ("search notion for the onboarding checklist", ("notion_search_notes",)),
    (
        'new Notion page "Trip to Porto" with a packing list: passport, charger, swimsuit',
        ("notion_create_note",),
    ),
    ('add "call the caterer" to my Wedding page in notion', ("notion_append_to_note",)),
    ('what\'s on my "Reading list 2026" page in Notion?', ("notion_read_note",)),
    (
        'the Notion page "Scratchpad March" is obsolete, it can go',
        ("notion_delete_note",),
    ),  # indirect
    ("find notes in my obsidian vault that mention zettelkasten", ("obsidian_search_notes",)),
    (
        'make an obsidian note "Meeting w/ Kofi": pricing, pilot starts in March',
        ("obsidian_create_note",),
    ),
    ("add to today's daily note in Obsidian: sunny walk with Bo", ("obsidian_append_to_note",)),
    ("show me my obsidian note on sourdough", ("obsidian_read_note",)),
    ('trash the obsidian note "scratch 3"', ("obsidian_delete_note",)),
    ("evernote search: warranty", ("evernote_search_notes",)),
    ("make an Evernote note with the cabin wifi: pinecone42", ("evernote_create_note",)),
    ("add the new door code 4417 to my Cabin info note in Evernote", ("evernote_append_to_note",)),
    ("read me my evernote lentil soup recipe", ("evernote_read_note",)),
    ('get rid of the Evernote note called "old shopping"', ("evernote_delete_note",)),
    ("jot down: the tiler is Aurelio, quoted 1200 for the bathroom", _CREATE_NOTE),
    (
        "I wrote something about the garden layout in my notes last spring. Where was that?",
        _SEARCH_NOTES,
    ),  # indirect
    ("add today's weigh-in, 81.2 kg, to the bottom of my fitness log note", _APPEND_NOTE),
    ('what did I put in my "Ideas for Mum\'s 70th" note?', _READ_NOTE),
    (
        "Forgot the wifi password at the cabin, pretty sure it's in Evernote somewhere",
        ("evernote_search_notes", "evernote_read_note"),
    ),  # indirect
    (
        "The Obsidian note for the Rhodes trip needs the ferry times too: 08:15 and 17:40",
        ("obsidian_append_to_note",),
    ),  # indirect
    # cloud storage
    (
        "google drive has the rental agreement with my signature somewhere, locate it",
        ("gdrive_search_files",),
    ),
    ('open "tax 2025.pdf" on my Google Drive and tell me the total', ("gdrive_read_file",)),
    ("upload ~/Desktop/scan.pdf to Google Drive, into Receipts", ("gdrive_upload_file",)),
    (
        "Laura wants the holiday photos. They're in my Google Drive under Photos/Crete "
        "2026, her address is laura.b@web.de",
        ("gdrive_share_file",),
    ),  # indirect
    ("what's in Shared/Design on my gdrive", ("gdrive_list_folder",)),
    ("dropbox: where's the band's setlist file", ("dropbox_search_files",)),
    ("read notes.txt from Apps/Editorial in my dropbox", ("dropbox_read_file",)),
    ("put /home/ana/cv.pdf in dropbox", ("dropbox_upload_file",)),
    ("share the wedding video in dropbox with jo@kmail.com", ("dropbox_share_file",)),
    ("list my Dropbox Camera Uploads", ("dropbox_list_folder",)),
    ("search onedrive for the budget spreadsheet", ("onedrive_search_files",)),
    ("read the board meeting minutes doc on OneDrive", ("onedrive_read_file",)),
    (
        "My laptop is making grinding noises. Get C:\\Users\\kim\\thesis.docx onto "
        "OneDrive before it dies",
        ("onedrive_upload_file",),
    ),  # indirect
    (
        "Kim in accounting needs the Q4 deck and it's sitting on my OneDrive",
        ("onedrive_share_file",),
    ),  # indirect
    ("what files are in my onedrive Documents folder", ("onedrive_list_folder",)),
    ("Where did I stash the scan of my passport in the cloud?", _SEARCH_CLOUD),  # indirect
    (
        "The printer guy needs the logo file from my cloud folder Brand/Final. Get him "
        "a link, he's print@copyking.com",
        _SHARE_CLOUD,
    ),
    (
        "Took photos of the whiteboard, they're at ~/Pictures/wb1.jpg. I want them on "
        "Google Drive as well",
        ("gdrive_upload_file",),
    ),  # indirect
    (
        "Mum keeps asking for the kids' school photos, they're in Dropbox under Family/2026",
        ("dropbox_share_file",),
    ),  # indirect
    # weather
    ("is it raining in Seattle right now", _NOW_US),
    (
        "Do I need a coat in Edinburgh today?",
        ("openweather_get_current_weather", "openweather_get_forecast"),
    ),  # indirect
    ("weekend weather in Austin?", _FORECAST_US),
    ("5 day forecast for Kyoto", ("openweather_get_forecast",)),
    ("any storm warnings for the Outer Banks?", _ALERTS_US),
    ("are there weather warnings out for Queensland", ("openweather_get_weather_alerts",)),
    (
        "I want to go for a run in Delhi this evening — is it OK to breathe out there?",
        ("openweather_get_air_quality",),
    ),  # indirect
    (
        "The smoke from the fires is bad again, how unhealthy is it in Sacramento?",
        _AIR_US,
    ),  # indirect
    ("NWS forecast for Denver", ("nws_get_forecast",)),
    (
        "what does the national weather service say it's like in Boston now",
        ("nws_get_current_weather",),
    ),
    (
        "Has the National Weather Service put out warnings for Maricopa County?",
        ("nws_get_weather_alerts",),
    ),
    ("ask the US weather service about air quality in Phoenix", ("nws_get_air_quality",)),
    ("openweathermap: temperature in Reykjavik", ("openweather_get_current_weather",)),
    ("should I bring an umbrella to the Cubs game tomorrow?", _FORECAST_US),  # indirect
    (
        "We're driving to Tulsa tonight. Anything nasty brewing in Oklahoma we should know about?",
        (*_ALERTS_US, *_FORECAST_US),
    ),  # indirect
    (
        "packing for Lisbon next week, shorts or sweaters?",
        ("openweather_get_forecast",),
    ),  # indirect
    (
        "Hanging the laundry out in Cork, will it be dry by 5?",
        ("openweather_get_forecast", "openweather_get_current_weather"),
    ),  # indirect
    (
        "Thinking of wearing shorts to the Giants game tonight — bad idea?",
        (*_FORECAST_US, *_NOW_US),
    ),  # indirect
    (
        "Is it going to freeze in Bergen tonight? My tomato plants are still outside",
        ("openweather_get_forecast",),
    ),  # indirect
    # maps and places
    ("coffee near Alexanderplatz", _PLACES),
    ("walking route from the Louvre to Gare du Nord", _DIRECTIONS),
    ("how long to drive from Oakland to Tahoe right now", _TRAVEL_TIME),
    ("lat/long for 221B Baker Street please", _GEOCODE),
    ("where is 40.6892, -74.0445", _REVERSE_GEOCODE),
    ("is the IKEA in Alcorcón open on sundays", _PLACE_DETAILS),
    ("google maps: pharmacies in Leith", ("gmaps_search_places",)),
    ("google maps bike directions from Vondelpark to Centraal station", ("gmaps_get_directions",)),
    ("geocode 1600 Amphitheatre Pkwy with google maps", ("gmaps_geocode",)),
    ("google maps, what address is at 51.5007, -0.1246", ("gmaps_reverse_geocode",)),
    (
        "how long does google maps say JFK to midtown takes",
        ("gmaps_get_travel_time", "gmaps_get_directions"),
    ),
    ("phone number for Tartine Bakery from Google Maps", ("gmaps_place_details",)),
    ("on openstreetmap find bike repair shops around Utrecht", ("osm_search_places",)),
    ("OSM route from Porto to Braga by car", ("osm_get_directions",)),
    ("with openstreetmap get coordinates for Rua Augusta 100, Lisboa", ("osm_geocode",)),
    ("openstreetmap reverse lookup 48.8584, 2.2945", ("osm_reverse_geocode",)),
    ("osm: travel time Leeds to York", ("osm_get_travel_time", "osm_get_directions")),
    ("opening hours of the Rijksmuseum from OSM", ("osm_place_details",)),
    ("brave local search: vegan bakery in Brooklyn", ("brave_local_search",)),
    (
        "My flight lands at Newark at 9. Can I realistically make a 10:30 in Midtown?",
        _TRAVEL_TIME,
    ),  # indirect
    (
        "I'm at 38.7223, -9.1393 and totally lost, what street is this?",
        _REVERSE_GEOCODE,
    ),  # indirect
    (
        "We're in Ghent with the kids and they're starving, somewhere with pancakes?",
        _PLACES,
    ),  # indirect
    ("how do I get to the Sagrada Família on the metro from Plaça Catalunya", _DIRECTIONS),
    ("Does the Kaufland on Weserstraße shut early on Saturdays?", _PLACE_DETAILS),  # indirect
    (
        "There's a café in Porto everyone raves about, Fábrica Coffee Roasters. How "
        "late are they open?",
        _PLACE_DETAILS,
    ),  # indirect
    (
        "We're meeting Oskar halfway between Malmö and Lund, what's nice for lunch around there?",
        _PLACES,
    ),  # indirect
    (
        "The drone delivery app wants our coordinates, we're at Hauptstraße 12, Lindau",
        _GEOCODE,
    ),  # indirect
    # tasks
    ("todoist: buy birthday card for Gran, due saturday", ("todoist_create_task",)),
    ("Todoist — how much do I still have to do for the Move project?", ("todoist_list_tasks",)),
    ('tick off "renew passport" in todoist', ("todoist_complete_task",)),
    ('push the todoist task "file taxes" to next friday', ("todoist_update_task",)),
    ("trello card on the Kitchen Reno board: order cabinet handles", ("trello_create_task",)),
    ("show my open trello cards on the Launch board", ("trello_list_tasks",)),
    ('mark the "logo final" card done on trello', ("trello_complete_task",)),
    ('change the trello card "press kit" due date to the 3rd', ("trello_update_task",)),
    ('asana: new task "draft Q2 OKRs" due end of month', ("asana_create_task",)),
    ("what asana tasks are open in Website Redesign", ("asana_list_tasks",)),
    ("close out the asana task for the vendor contract", ("asana_complete_task",)),
    ('hand the asana "budget deck" task to Omar and make it due Thursday', ("asana_update_task",)),
    ('add "oil change" to Things for next week', ("things_create_task",)),
    ("things: what's in my Garden project?", ("things_list_tasks",)),
    ('finished "call plumber" in Things', ("things_complete_task",)),  # indirect
    ('Things app, move "dentist forms" to tomorrow', ("things_update_task",)),
    ("add return library books to my to-do list", _NEW_TASK),
    ("what's still on my todo list", _LIST_TASKS),
    ("Finally cleaned the gutters! That one's off my back", _DONE_TASK),  # indirect
    ('the "renew car insurance" to-do should be due the 20th instead', _MOVE_TASK),
    (
        "Oh, and the bike's brakes need looking at sometime this month, don't let that slip",
        (*_NEW_TASK, "create_reminder"),
    ),  # indirect
    ("What have I been putting off? Everything I haven't gotten to yet", _LIST_TASKS),  # indirect
    (
        "My sprint board in Trello is a mess, what's actually still open?",
        ("trello_list_tasks",),
    ),  # indirect
    (
        'I finished the slides for the Asana task "client pitch deck"',
        ("asana_complete_task",),
    ),  # indirect
    (
        'The "book venue" card on Trello can wait until the 15th',
        ("trello_update_task",),
    ),  # indirect
    (
        "Nothing's getting done today. What in Todoist is overdue?",
        ("todoist_list_tasks",),
    ),  # indirect
    # ticket trackers
    ("jira ticket: checkout page times out on Safari", ("jira_create_issue",)),
    ("find jira tickets about SSO login", ("jira_search_issues",)),
    ("jira: DATA-88 is ready for QA now", ("jira_update_issue_status",)),  # indirect
    ("linear: new issue, onboarding email has a broken link", ("linear_create_issue",)),
    ("search Linear for the dark mode request", ("linear_search_issues",)),
    ("ENG-512 in linear is shipped", ("linear_update_issue_status",)),  # indirect
    (
        "I'm blocked on OPS-77 until legal replies, the ticket should say so",
        _TICKET_STATUS,
    ),  # indirect
    (
        "open a ticket in linear for the flaky payment webhook test, it fails about 1 "
        "in 20 runs on CI",
        ("linear_create_issue",),
    ),
    # local files
    ("what's in ~/notes/todo.md", ("fs_read_file",)),
    (
        "read /srv/app/config.yaml and /srv/app/config.prod.yaml side by side",
        ("fs_read_multiple_files", "fs_read_file"),
    ),
    ("save this to /tmp/shopping.txt: eggs, milk, rye bread", ("fs_write_file",)),
    ("in ~/.bashrc change alias ll='ls -l' to alias ll='ls -lah'", ("fs_edit_file",)),
    ("make a folder ~/Projects/garden-sensor", ("fs_create_directory",)),
    ("what's in my Downloads folder", ("fs_list_directory", "fs_directory_tree")),
    ("show the whole folder structure of ~/code/familiar", ("fs_directory_tree",)),
    ("rename ~/Desktop/IMG_2231.jpg to passport-photo.jpg", ("fs_move_file",)),
    ("find all the .epub files under ~/Books", ("fs_search_files",)),
    ("what's the size and modified date of /mnt/media/concert-2019.mkv", ("fs_get_file_info",)),
    (
        "My disk is almost full. Is that old ~/vm/win10.qcow2 image the culprit?",
        ("fs_get_file_info",),
    ),  # indirect
    (
        "I saved something called budget-draft somewhere in ~/Documents and now I can't find it",
        ("fs_search_files",),
    ),  # indirect
    (
        "The port in /etc/myapp/server.conf is wrong, it says 8080 and should be 8443",
        ("fs_edit_file",),
    ),  # indirect
    (
        'In my draft at ~/docs/proposal.md the word "synergy" has to go, use "overlap"',
        ("fs_edit_file",),
    ),  # indirect
    (
        "Getting a new laptop. How is my ~/projects folder laid out, so I can recreate it?",
        ("fs_directory_tree",),
    ),  # indirect
    # home
    ("can I get some light over the dining table", _LIGHT_ON),  # indirect
    ("turn the bedroom fan off", ("ha_turn_off",)),
    ("flip the hallway light", ("ha_toggle",)),
    ("study lamp to 30%", _DIM),
    ("brr, my toes are numb in the study", ("ha_set_temperature",)),  # indirect
    ("Hmm, the shed door sensor, is it open or shut?", ("ha_get_state",)),  # indirect
    ("what smart stuff do we have in the living room", ("ha_list_entities",)),
    ("run the morning routine script in Home Assistant", ("ha_run_script",)),
    ("movie night scene please", ("ha_activate_scene",)),
    ("deadbolt the patio door please", ("ha_lock",)),
    ("the dog walker's at the back door, can you let her in", ("ha_unlock",)),  # indirect
    ("lower the office shutters to about half", ("ha_set_cover_position",)),
    ("The floor is covered in crumbs after the party", ("ha_start_vacuum",)),  # indirect
    ("How warm did the nursery get overnight?", ("ha_get_history",)),  # indirect
    ("hue: porch light on", ("hue_turn_on_light",)),
    ("Hue: switch the attic lights off", ("hue_turn_off_light",)),
    ("make the living room hue lights warm orange", ("hue_set_color",)),
    ("dim the hue bedroom lamp way down", ("hue_set_brightness",)),
    ("the baby's finally asleep but the nursery light is still on", _LIGHT_OFF),  # indirect
    ("switch on the basement dehumidifier in home assistant", ("ha_turn_on",)),
    ("About to sleep. Is the cellar door secured?", ("ha_get_state",)),  # indirect
    ("it's so bright in here I can't see the TV", (*_DIM, "ha_set_cover_position")),  # indirect
    ("coming home in 20 minutes, I want it cosy, 21 degrees", ("ha_set_temperature",)),  # indirect
    ("how damp is it in the laundry room, per the sensor", ("ha_get_state",)),
    ("Guests are arriving, make the lounge lights purple", ("hue_set_color",)),
    (
        "how much power did the washing machine plug pull over the last 24 hours",
        ("ha_get_history",),
    ),
    ("It's way too dark to read on the sofa", (*_LIGHT_ON, *_DIM)),  # indirect
    ("the oven's preheated, the lasagne needs 45 minutes", ("set_timer",)),  # indirect
    (
        "It's sweltering in the bedroom and I can't sleep",
        ("ha_set_temperature", "ha_turn_on"),
    ),  # indirect
    ("Leaving for two weeks tomorrow. Is everything locked?", ("ha_get_state",)),  # indirect
    ("the sun is blasting straight onto my monitor", ("ha_set_cover_position",)),  # indirect
    # money
    ("how's AAPL doing today", ("get_stock_quote",)),
    ("how has Nvidia moved over the last 3 months", ("get_stock_history",)),
    ("what's ETH at in euros", ("get_crypto_price",)),
    ("what's 120 quid in dollars", ("convert_currency",)),
    (
        "How much went to Albert Heijn over the past fortnight?",
        ("bank_list_transactions",),
    ),  # indirect
    ("how much is in checking", ("bank_get_balance",)),
    ("shift 250 from the current account over to the holiday pot", ("bank_transfer",)),
    (
        "invoice finance@brightlane.co 1,800 for the October retainer via stripe",
        ("stripe_create_invoice",),
    ),
    (
        "Has the Bergmann GmbH payment come through on Stripe yet?",
        ("stripe_list_payments",),
    ),  # indirect
    ("refund the stripe charge ch_3Pq9 for the double order", ("stripe_refund_payment",)),
    ("paypal 25 to lisa@gmx.de for the concert ticket", ("paypal_send_money",)),
    ("Am I overdoing it on eating out this month?", ("budget_get_summary",)),  # indirect
    ("spent 14.50 on a haircut, log it", ("expenses_add",)),
    (
        "Is splurging 900 on a road bike this month a bad idea money-wise?",
        ("bank_get_balance", "budget_get_summary"),
    ),  # indirect
    ("Jonas covered my taxi, 40 euros, pay him back", ("bank_transfer", "paypal_send_money")),
    (
        "A customer says she was charged twice for order 5521 on Stripe. Sort it out",
        ("stripe_refund_payment", "stripe_list_payments"),
    ),  # indirect
    ("My rent went out today, right?", ("bank_list_transactions",)),  # indirect
    ("380 yen in euros", ("convert_currency",)),
    ("Bitcoin's all over the news, what's it trading at?", ("get_crypto_price",)),
    (
        "Thinking about selling my Tesla shares, how have they done this year?",
        ("get_stock_history",),
    ),  # indirect
    ("62 euros at the market for groceries just now", ("expenses_add",)),  # indirect
    (
        "The mortgage payment, 1,340, has to go to Hausbank DE44 5001 0517 5407 3249 31 today",
        ("bank_transfer",),
    ),  # indirect
    (
        "Noor fronted the concert tickets, I owe her 65. She's noor.a@outlook.com on PayPal",
        ("paypal_send_money",),
    ),  # indirect
    (
        "Haddad Design still owes me 2,400 for the logo work, billing@haddad.design. "
        "They pay through Stripe",
        ("stripe_create_invoice",),
    ),  # indirect
    (
        "There's a weird charge from XJ*SERV on my card, when did that happen?",
        ("bank_list_transactions",),
    ),  # indirect
    (
        "Rough month. Where did all my money go?",
        ("budget_get_summary", "bank_list_transactions"),
    ),  # indirect
    (
        "Tokyo trip next spring, how far does 1000 euros go in yen?",
        ("convert_currency",),
    ),  # indirect
    # browser and pages
    ("open news.ycombinator.com in the browser", ("browser_navigate",)),
    ('click "Accept cookies"', ("browser_click",)),
    ("type 10115 into the postcode box on that page", ("browser_type",)),
    ("grab a screenshot of what the browser's showing", ("browser_screenshot",)),
    ("list the buttons and form fields on the current page", ("browser_snapshot",)),
    ("hit back in the browser", ("browser_go_back",)),
    ("kill the browser window you've been using", ("browser_close",)),
    ("summarize https://blog.kestrel.dev/posts/llm-costs", _READ_PAGE),
    (
        "pull the main text out of these three links: https://a.example/1 "
        "https://b.example/2 https://c.example/3",
        ("tavily_extract", "fetch_url"),
    ),
    ("The login form is still empty, my username is mkowalski", ("browser_type",)),  # indirect
    ('that page you opened has a "Next" button at the bottom, hit it', ("browser_click",)),
    ("Does the page look right? I want to see it", ("browser_screenshot",)),  # indirect
    ("That's enough browsing for now", ("browser_close",)),  # indirect
    ("Oops, wrong link, take me back to where I was", ("browser_go_back",)),  # indirect
    # web search
    ("latest news on the Lufthansa strike", _WEB),
    ('brave search "best budget mechanical keyboard 2026"', ("brave_web_search",)),
    ("duckduckgo: Signal privacy policy", ("duckduckgo_search",)),
    ("with sources: does intermittent fasting hurt muscle retention?", _WEB),
    ("use tavily to look up the current EU drone rules", ("tavily_search",)),
    ("My dishwasher keeps showing error E24, what does that mean?", _WEB),  # indirect
    ("Heard on the radio the A7 is closed near Kassel, is that still true?", _WEB),  # indirect
    # databases
    ("postgres: count the accounts created on Tuesday", ("postgres_query",)),
    (
        "I've never looked inside the analytics Postgres, what's stored there table-wise?",
        ("postgres_list_tables",),
    ),  # indirect
    ("columns of the orders table in postgres", ("postgres_describe_table",)),
    ("in the sqlite db, top 10 most expensive items", ("sqlite_read_query",)),
    ("wipe the rows where source='qa' out of the sqlite pageviews table", ("sqlite_write_query",)),
    ("what tables does ~/data/garden.sqlite have", ("sqlite_list_tables",)),
    ("schema of the readings table in sqlite", ("sqlite_describe_table",)),
    ("make a sqlite table for plant watering logs: plant, date, ml", ("sqlite_create_table",)),
    ("run on mysql: count of orders per country", ("mysql_query",)),
    ("find mongo docs in sessions where user is k.ito", ("mongodb_find",)),
    ('insert into the mongodb feedback collection: rating 5, text "great"', ("mongodb_insert",)),
    ("what's feature:newcheckout set to in redis", ("redis_get",)),
    ("set the redis key maintenance_mode to true", ("redis_set",)),
    ("which customers in our postgres haven't ordered since June?", ("postgres_query",)),
    (
        "I forget what fields the invoices table has in Postgres",
        ("postgres_describe_table",),
    ),  # indirect
    (
        "I want to start logging my reading in a little sqlite db, with title, author "
        "and date finished",
        ("sqlite_create_table",),
    ),  # indirect
    # memory
    ("add Rosa, Pedro and Lucia to your memory as people I know", ("memory_create_entities",)),
    (
        "remember that Pedro is married to Rosa",
        ("memory_create_relations", "memory_add_observations"),
    ),
    ("remember Lucia is vegetarian and hates cilantro", ("memory_add_observations",)),
    ("what do you know about my neighbour Karim?", _MEMORY_LOOKUP),
    (
        "pull up what you've stored on Project Falcon and Dr. Osei",
        ("memory_open_nodes", "memory_search_nodes"),
    ),
    ("forget everything about my ex Daniel", ("memory_delete_entities",)),
    ("dump everything you've remembered about me, all of it", ("memory_read_graph",)),
    (
        "For future reference, Ingrid is my manager at Solvik",
        ("memory_create_relations", "memory_add_observations"),
    ),  # indirect
    (
        "What was the name of the guy who fixed our boiler? You should know this",
        ("memory_search_nodes",),
    ),  # indirect
    (
        "Just found out my colleague Amir has two kids, Sara and Yosef. Keep that in "
        "mind for later",
        ("memory_add_observations", "memory_create_entities", "memory_create_relations"),
    ),  # indirect
    # time
    ("what time is it in Auckland", _TIME_IN),
    ("4pm Chicago time is what in Manila", ("convert_time",)),
    ("times in London, Dubai and Singapore right now", ("world_clock", "get_current_time")),
    ("is it too late to call my sister in Vancouver?", _TIME_IN),  # indirect
    (
        "The Sydney office standup is at 9am their time, when's that for me in Berlin?",
        ("convert_time",),
    ),  # indirect
    # contacts
    ("what's Helga's number", _CONTACTS),
    ("save a new contact: Tomasz Wrona, +48 601 223 344", ("google_contacts_create",)),
    ("Rui has a new number, +351 912 000 111, update him", ("carddav_update_contact",)),
    ("find Mehmet in my CardDAV address book", ("carddav_search_contacts",)),
    ("search google contacts for anyone at deloitte.com", ("google_contacts_search",)),
    ("I need to get hold of the babysitter, Chloé. How do I reach her?", _CONTACTS),  # indirect
    (
        "Met a nice guy at the climbing gym, Bastien, bastien.r@laposte.net, I don't "
        "want to lose his details",
        ("google_contacts_create",),
    ),  # indirect
    (
        "Lukas moved to a new phone, his number's now +49 151 2244 9000",
        ("carddav_update_contact",),
    ),  # indirect
    (
        "What's Dr. Nakamura's office email? I saved her in Google Contacts",
        ("google_contacts_search",),
    ),  # indirect
    # music and video
    ("play some Nina Simone", ("spotify_play",)),
    ("shh, stop Spotify for a minute", ("spotify_pause",)),
    ("meh, move on to something else in the queue", ("spotify_next_track",)),
    ("does spotify have the new Fontaines D.C. album", ("spotify_search",)),
    ('stick this track on the "Road trip 2026" playlist', ("spotify_add_to_playlist",)),
    ("music to 70%", ("spotify_set_volume",)),
    ("find a youtube video on bleeding a radiator", ("youtube_search_videos",)),
    ("get me the transcript of https://youtu.be/q8xT2aLk", ("youtube_get_transcript",)),
    ("Phone's ringing!", ("spotify_pause",)),  # indirect
    ("I can't hear the podcast over the extractor fan", ("spotify_set_volume",)),  # indirect
    ("oh god, this band again? no", ("spotify_next_track",)),  # indirect
    ("need something chill on while I cook dinner", ("spotify_play",)),  # indirect
    (
        "That lecture at youtu.be/Lm3kq is two hours long, I just want to know what he "
        "said about transformers",
        ("youtube_get_transcript",),
    ),  # indirect
    (
        "The song playing right now is perfect for the wedding playlist on Spotify",
        ("spotify_add_to_playlist",),
    ),  # indirect
    (
        "The neighbours are banging on the wall, the music's too loud",
        ("spotify_set_volume", "spotify_pause"),
    ),  # indirect
    # travel
    ("any flights OPO to CPH on the 2nd of June?", ("search_flights",)),
    ("is LH1172 delayed", ("get_flight_status",)),
    ("need a hotel in Tallinn, checking in 19 Feb for two nights", ("search_hotels",)),
    ("the third hotel you found, the one by the river, reserve it for us", ("book_hotel",)),
    ("trains from Zurich to Milan tomorrow morning", ("search_trains",)),
    (
        "Mum's on TP1350 from Faro tonight. When should I leave to pick her up?",
        ("get_flight_status",),
    ),  # indirect
    (
        "We need somewhere to sleep in Ljubljana on the 8th, just the one night",
        ("search_hotels",),
    ),  # indirect
    (
        "Cheapest way from Madrid to Sevilla on Friday without flying?",
        ("search_trains",),
    ),  # indirect
    (
        "Conference in Montreal on 2 April and I'm in Boston. What are my options to go "
        "up the day before by air?",
        ("search_flights",),
    ),  # indirect
    (
        "That Relais hotel in Bruges at 140 a night looks good, lock it in",
        ("book_hotel",),
    ),  # indirect
    (
        "Heading to Vienna from Munich next Thursday, I'd rather not drive",
        ("search_trains", "search_flights"),
    ),  # indirect
    # documents and spreadsheets
    ('start a google doc called "Eulogy for Grandpa"', ("google_docs_create",)),
    (
        "add these minutes to the end of the Team Sync Notes google doc: budget "
        "approved, hiring freeze lifted",
        ("google_docs_append",),
    ),
    ('read B2:F40 from the "Allotment costs" google sheet', ("google_sheets_read_range",)),
    (
        "add a row to the mileage spreadsheet: 2026-11-26, 42 km, client visit",
        ("google_sheets_append_row",),
    ),
    ("put 1450 in C7 of the rent sheet", ("google_sheets_update_cell",)),
    ("read the Summary tab of ~/Downloads/report.xlsx", ("excel_read_sheet",)),
    (
        "Did Ahmed already put his share in the trip-costs spreadsheet?",
        ("google_sheets_read_range",),
    ),  # indirect
    (
        "We drove 310 km today, it goes in the road trip sheet with today's date",
        ("google_sheets_append_row",),
    ),  # indirect
    (
        "Did the sales team hit target? The numbers are in ~/Desktop/q3.xlsx",
        ("excel_read_sheet",),
    ),  # indirect
    # devops
    ("docker: what's up and what's exited?", ("docker_list_containers",)),
    ("start the plex container", ("docker_start_container",)),
    ("stop the minecraft docker container, the kids need to sleep", ("docker_stop_container",)),
    ("the traefik container, show me what it's been printing", ("docker_logs",)),
    ("kubectl: what's running in the payments namespace", ("kubectl_get_pods",)),
    ("logs of pod api-7f9c", ("kubectl_logs",)),
    ("scale checkout to 6 replicas, black friday traffic", ("kubectl_scale_deployment",)),
    ("any new sentry errors for web-frontend", ("sentry_list_issues",)),
    ("sentry MOBILE-2Z1, where exactly does it blow up?", ("sentry_get_issue",)),
    ("cpu of the api servers over the last 6h from grafana", ("grafana_query_metrics",)),
    ("jellyfin won't load, is its container dead?", ("docker_list_containers",)),
    (
        "The checkout pod keeps crashing in prod, what is it saying before it dies?",
        ("kubectl_logs",),
    ),  # indirect
    (
        "Users say the site got sluggish after lunch. Was there a latency spike?",
        ("grafana_query_metrics",),
    ),  # indirect
    (
        "traffic's back to normal, bring the worker deployment down to 2",
        ("kubectl_scale_deployment",),
    ),
    (
        "Production is throwing 500s on /checkout. Is it showing up in Sentry for web-api?",
        ("sentry_list_issues",),
    ),  # indirect
    (
        "Sentry issue API-9XQ keeps coming back, which line is it failing on?",
        ("sentry_get_issue",),
    ),  # indirect
    (
        "Did the backup container on the NAS finish last night? What did it print?",
        ("docker_logs",),
    ),  # indirect
    (
        "The kids want Minecraft again, bring their docker server back up",
        ("docker_start_container",),
    ),  # indirect
    ("Are all the pods in prod healthy?", ("kubectl_get_pods",)),  # indirect
    # news and reading
    ("what feeds am I subscribed to", ("rss_list_feeds",)),
    ("has The Verge's RSS posted anything since this morning?", ("rss_get_entries",)),
    ("HN front page, top 10?", ("hackernews_top_stories",)),
    ("what does r/homelab think of N100 mini PCs", ("reddit_search",)),
    ("wikipedia articles on the Tunguska event", _WIKI),
    ("pull up Wikipedia's page on the Antikythera mechanism", ("wikipedia_get_article",)),
    ("recent arxiv papers on mixture of experts routing", ("arxiv_search",)),
    ("How tall is Kilimanjaro?", (*_WIKI, *_WEB)),  # indirect
    ("preprints on coral bleaching and marine heatwaves, newest first", ("arxiv_search",)),
    (
        "Someone at work said Chainsaw Man is worth watching, what's it about?",
        (*_WIKI, *_WEB),
    ),  # indirect
    (
        "Is anything big happening in tech today? I've been offline since Friday",
        ("hackernews_top_stories", *_WEB),
    ),  # indirect
    (
        "I keep hearing Mamba models might replace transformers. Has anyone published "
        "papers on that?",
        ("arxiv_search",),
    ),  # indirect
    (
        "The new Dune film is out, what's the verdict over on the subreddit?",
        ("reddit_search",),
    ),  # indirect
    # shopping and food
    ("how much are the Sony WH-1000XM6 on amazon", ("amazon_search_products",)),
    ("Amazon order for the drill bits, is it out for delivery?", ("amazon_track_order",)),
    ("add oat milk, bananas and coffee to instacart", ("instacart_add_to_cart",)),
    ("who delivers ramen on uber eats near me", ("ubereats_search_restaurants",)),
    ("We're out of eggs and butter", ("instacart_add_to_cart",)),  # indirect
    (
        "Too tired to cook tonight, what could we get brought over?",
        ("ubereats_search_restaurants",),
    ),  # indirect
    (
        "The phone case I ordered on Amazon last week still hasn't shown up",
        ("amazon_track_order",),
    ),  # indirect
    (
        "My kid needs a graphing calculator for school, what's on Amazon and how much?",
        ("amazon_search_products",),
    ),  # indirect
    # utilities
    ('how do you say "where\'s the bathroom" in Japanese', ("translate_text",)),
    ('what language is "Hyvää huomenta"', ("detect_language",)),
    ("17.5% of 2,340?", ("calculator",)),
    ("oven says 425°F, what's that in °C", ("convert_units",)),
    ("new strong password for the router, 20 characters", ("generate_password",)),
    (
        'My Portuguese landlord sent me "A renda sobe em janeiro", what\'s he saying?',
        ("translate_text",),
    ),  # indirect
    (
        'Got a text and I can\'t even tell what language it is: "Dziękuję bardzo"',
        ("detect_language",),
    ),  # indirect
    (
        "Splitting a 187.40 dinner bill four ways with a 12% tip, what does each of us owe?",
        ("calculator",),
    ),  # indirect
    (
        "The recipe wants 12 oz of butter and my scale only does grams",
        ("convert_units",),
    ),  # indirect
    (
        "Setting up a new bank login, give me something nobody will guess",
        ("generate_password",),
    ),  # indirect
    (
        'The German supplier wrote "Die Lieferung verzögert sich um zwei Wochen". What '
        "does that mean for us?",
        ("translate_text",),
    ),  # indirect
    (
        "A client in Zurich wants a call at 14:00 their time. What time do I have to be "
        "up in Denver?",
        ("convert_time",),
    ),  # indirect
    # health
    ("fitbit: sleep score from Sunday night?", ("fitbit_get_sleep",)),
    ("steps today?", ("fitbit_get_steps",)),
    ("how far did I run this week", ("strava_list_activities",)),
    ("downed a pint of water after the gym", ("log_water_intake",)),  # indirect
    (
        "I feel wrecked this morning, did I get any deep sleep at all?",
        ("fitbit_get_sleep",),
    ),  # indirect
    ("Did I hit 10k yesterday?", ("fitbit_get_steps",)),  # indirect
    ("When was my last bike ride?", ("strava_list_activities",)),  # indirect
    ("finished my second bottle today, the 750ml one", ("log_water_intake",)),  # indirect
    ("I've been sitting all day. Have I moved at all?", ("fitbit_get_steps",)),  # indirect
    (
        "How's my training been the last month? Feeling slow on the bike lately",
        ("strava_list_activities",),
    ),  # indirect
    # timers and reminders
    ("the chamomile needs 4 minutes to brew, start a countdown", ("set_timer",)),
    ("at half five remind me the bins go out", ("create_reminder",)),
    ("anything you're supposed to ping me about this week?", ("list_reminders",)),  # indirect
    ("Eggs are in, I like them soft", ("set_timer",)),  # indirect
    ("Parking runs out at 3:40", ("create_reminder", "set_timer")),  # indirect
    ("Did I ask you to nudge me about anything tomorrow?", ("list_reminders",)),  # indirect
    ("in 20 min tell me to flip the steaks", ("set_timer", "create_reminder")),
]
