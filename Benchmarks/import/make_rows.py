#!/usr/bin/env python3
"""Writes N synthetic review rows as CSV (id,text,lang,source,channel) for the import benchmark.

Deterministic for a given N and seed. Texts are assembled from phrase pools so every row is
distinct, quoted where CSV needs it (commas, quotes), and of review-like length (~60-140 bytes).
"""
import csv
import random
import sys

openers = ["Honestly,", "Well,", "So", "OK,", "Wow,", "Hmm,", "Look,", "Sadly,", "Finally", "Again"]
subjects = ["the battery", "the delivery", "the staff", "this app", "the hotel room", "the pasta",
            "customer support", "the screen", "the update", "the flight", "the price", "the \"premium\" plan"]
verbs = ["was", "is", "felt", "seemed", "turned out", "looked", "has been", "always is"]
judgements = ["great", "terrible", "fine, I guess", "not bad at all", "a total waste of money",
              "better than expected", "way too slow", "perfect", "meh", "surprisingly good"]
tails = ["", " but the rest was awful.", " and I'd buy again!", ", which says it all.", " :)", " :(",
         " Would not recommend.", " 10/10.", " Never again...", " Thanks, team!"]
langs = ["en"] * 7 + ["es", "fr", "de"]
sources = ["product_review", "service_review", "social_post"]
channels = ["web", "mobile_app", "email", "forum", "microblog"]


def main() -> None:
    n = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(7)
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "lang", "source", "channel"])
        for i in range(n):
            text = (f"{rng.choice(openers)} {rng.choice(subjects)} {rng.choice(verbs)} "
                    f"{rng.choice(judgements)}{rng.choice(tails)} (order #{i})")
            writer.writerow([f"r{i:07d}", text, rng.choice(langs), rng.choice(sources), rng.choice(channels)])


if __name__ == "__main__":
    main()
