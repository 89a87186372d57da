"""The documents folder: PDFs, saved web pages, plain text and a bank export."""

from __future__ import annotations

from datetime import timedelta
from html import escape as html_escape

from familiar.testing.person.corpus import Corpus
from familiar.testing.person.manifest import Fact, Item
from familiar.testing.person.pdf import pdf_bytes
from familiar.testing.person.world import World


def write_documents(world: World, corpus: Corpus) -> None:
    """Health, insurance, work and home documents, each holding facts."""
    rng = world.rng("documents")
    m = world.manifest
    u = world.user
    doctor = world.person("doctor")
    visit = world.day(-133)
    allergies = ", ".join(u.allergies)
    summary = corpus.file(
        f"documents/health/visit-summary-{visit.isoformat()}.pdf",
        pdf_bytes(
            "Visit summary",
            [
                f"Patient: {u.name}, born {u.birthday:%d.%m.%Y}",
                f"Practitioner: {doctor.fn}, {doctor.org}",
                f"Date: {visit:%d.%m.%Y}",
                "Reason: persistent cough, three weeks",
                "Findings: mild bronchitis, lungs otherwise clear",
                f"Known allergies: {allergies}",
                "Prescription: rest, fluids; no antibiotics needed",
                "Follow-up: only if not better in two weeks",
            ],
        ),
        "pdf",
    )
    m.fact("profile.allergies").items.append(Item(summary, (f"Known allergies: {allergies}",)))
    policy_no = f"HI-{rng.randrange(10**6, 10**7)}"
    insurer = world.person("insurance")
    policy = corpus.file(
        "documents/insurance/home-contents-policy.pdf",
        pdf_bytes(
            "Home contents insurance",
            [
                f"Insurer: {insurer.org}",
                f"Policy number: {policy_no}",
                f"Policy holder: {u.name}",
                f"Address insured: {u.street}, {u.city}",
                "Cover: EUR 40,000 contents, EUR 1,000,000 liability",
                "Excess: EUR 150",
                f"Renewal date: {world.day(75):%d %B %Y}",
            ],
        ),
        "pdf",
    )
    m.add_fact(
        Fact(
            "home.insurance",
            f"The home contents insurance with {insurer.org} has policy number {policy_no}.",
            "home",
            "What is my home insurance policy number?",
            policy_no,
            [Item(policy, (policy_no,))],
        )
    )
    net = f"{rng.randrange(3400, 5200)}.{rng.randrange(10, 99)}"
    payslip_month = world.day(-31)
    payslip = corpus.file(
        f"documents/work/payslip-{payslip_month:%Y-%m}.pdf",
        pdf_bytes(
            f"Payslip {payslip_month:%B %Y}",
            [
                f"Employer: {u.employer}",
                f"Employee: {u.name}",
                f"Role: {u.role}",
                f"Period: {payslip_month:%B %Y}",
                f"Net pay: EUR {net}",
            ],
        ),
        "pdf",
    )
    m.add_fact(
        Fact(
            "work.payslip",
            f"The net pay for {payslip_month:%B %Y} was EUR {net}.",
            "work",
            f"What was my net pay in {payslip_month:%B %Y}?",
            f"EUR {net}",
            [Item(payslip, (f"EUR {net}",))],
        )
    )
    m.add_fact(
        Fact(
            "profile.work",
            f"{u.name} works at {u.employer} as a {u.role}.",
            "profile",
            "Where do I work?",
            u.employer,
            [Item(payslip, (u.employer, u.role))],
        )
    )

    train_day = world.day(19)
    train_html = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Your e-ticket'
        "</title></head><body><h1>Train ticket</h1><table>"
        f"<tr><th>Passenger</th><td>{html_escape(u.name)}</td></tr>"
        f"<tr><th>Route</th><td>{html_escape(u.city)} &rarr; Paris Nord</td></tr>"
        f"<tr><th>Date</th><td>{train_day:%d %B %Y}</td></tr>"
        "<tr><th>Departure</th><td>07:16</td></tr><tr><th>Coach / seat</th><td>12 / 64</td>"
        "</tr></table><p>Show this page or the QR code on board.</p></body></html>"
    )
    ticket = corpus.file(
        f"documents/travel/train-ticket-{train_day.isoformat()}.html", train_html.encode(), "html"
    )
    m.add_fact(
        Fact(
            "travel.train-paris",
            f"There is a train ticket to Paris Nord on "
            f"{train_day.isoformat()} departing 07:16, coach 12 seat 64.",
            "travel",
            "When is my train to Paris?",
            f"{train_day:%d %B %Y} at 07:16",
            [Item(ticket, ("Paris Nord", f"{train_day:%d %B %Y}", "07:16"))],
        )
    )
    recipe = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Pastéis de nata'
        "</title></head><body><article><h1>Pastéis de nata</h1><p>Makes 12. Oven at "
        "250&nbsp;°C.</p><ul><li>puff pastry</li><li>egg yolks</li><li>sugar, lemon, "
        "cinnamon</li></ul></article></body></html>"
    )
    corpus.file("documents/web/pasteis-de-nata.html", recipe.encode(), "html")
    packing = "\n".join(
        [
            "Packing list (weekend)",
            "",
            "- toothbrush",
            "- charger",
            "- running shoes",
            "- book",
            "- rain jacket",
            "",
        ]
    )
    corpus.file("documents/packing-list.txt", packing.encode(), "text")
    wifi_pass = "".join(rng.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(12))
    router = corpus.file(
        "documents/home/router-setup.txt",
        (
            f"Router setup ({world.person('internet').org})\n\nNetwork: Casa-5G\nPassword: "
            f"{wifi_pass}\nGuest network: Casa-Guest (no password, isolated)\nAdmin page: "
            "http://192.168.1.1\n"
        ).encode(),
        "text",
    )
    m.add_fact(
        Fact(
            "home.wifi",
            f"The home Wi-Fi network is Casa-5G with password {wifi_pass}.",
            "home",
            "What's the Wi-Fi password?",
            wifi_pass,
            [Item(router, ("Casa-5G", wifi_pass))],
        )
    )

    rows = ["date,description,amount,currency"]
    month = world.day(-40).replace(day=1)
    rent_line = 0
    for i in range(28):
        d = month + timedelta(days=i)
        if i == 0:
            rows.append(
                f"{d.isoformat()},Rent {world.person('landlord').org},-"
                f"{world.shared['old_rent']}.00,EUR"
            )
            rent_line = len(rows)
        payee = rng.choice(["Picnic Groceries", "Ironworks Gym", "Cafe Oost", "Zoom Rides"])
        rows.append(f"{d.isoformat()},{payee},-{rng.uniform(4, 90):.2f},EUR")
    rows.append(f"{month + timedelta(days=24)},Salary {u.employer},{net},EUR")
    bank = corpus.file(
        f"documents/finance/bank-export-{month:%Y-%m}.csv", ("\n".join(rows) + "\n").encode(), "csv"
    )
    m.add_fact(
        Fact(
            "finance.rent-paid",
            f"The rent for {month:%B %Y} was paid on {month.isoformat()}.",
            "finance",
            f"When was rent paid in {month:%B %Y}?",
            month.isoformat(),
            [Item(bank, (f"{month.isoformat()},Rent",), line=rent_line)],
        )
    )
