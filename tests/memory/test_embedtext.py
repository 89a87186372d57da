"""What the embedder reads of an item: identifiers out, the words kept."""

from __future__ import annotations

import numpy as np

from familiar.memory import Memory
from familiar.memory.embedtext import embedding_text

MAIL = """Mail: Your electricity invoice for June 2025
From: Voltastroom Energy <billing@voltastroom.example>
To: miguel.goncalves@correio.example
Message-ID: <your-electricity-invoice-for.0607.7@voltastroom.example>
Thread: your-electricity-invoice-for.0607.7@voltastroom.example
Folder: INBOX

Ingredients:
Pay online at https://voltastroom.example/pay or ask jan@help.example."""


def test_addresses_ids_and_links_are_left_out_and_their_empty_fields_dropped() -> None:
    assert embedding_text(MAIL) == (
        "Mail: Your electricity invoice for June 2025\n"
        "From: Voltastroom Energy\n"
        "Folder: INBOX\n"
        "\n"
        "Ingredients:\n"  # a heading of the text's own stays: only emptied fields go
        "Pay online at  or ask ."
    )


def test_a_text_of_nothing_but_identifiers_is_embedded_as_it_is() -> None:
    assert embedding_text("<abc@host.example>") == "<abc@host.example>"
    assert embedding_text("Parking spot is number 14") == "Parking spot is number 14"


def test_the_backlog_embeds_an_item_without_its_identifiers(memory: Memory) -> None:
    item = memory.add_event("Contact: Marieke Bos\nEmail: marieke@ledgerco.example\nTitle: Tax")
    memory.embed_backlog()
    stored = memory.store.vectors_of(memory.embedder.name, [item.id])[item.id]
    expected = memory.embedder.embed(["Contact: Marieke Bos\nTitle: Tax"])[0]
    assert float(np.dot(stored, expected)) > 0.999
    # BM25 still finds it by the address
    assert memory.search("marieke@ledgerco.example", mode="text")[0].item.id == item.id
