"""What a tagging decision rested on, for a librarian asking why a document has its tags.

The tagger (:mod:`coi.taxonomy.tagging`) fills these records as it decides and takes its tags from
them, so what ``coi doc why`` prints is what decided, not a second reading of the rules. A librarian
editing ``coi/taxonomy/data/topics.tsv``, ``places.tsv`` or ``actors.tsv`` sees which counts a
change has to move.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CountryEvidence:
    """One country the text names: its weight against all countries' and the share it needs."""

    iso3: str
    weight: int
    """Mentions in the text, each in the title counting ``title_weight``."""
    share: float
    """Its weight over all countries' weight."""
    share_needed: float
    about: bool
    title_only: bool = False
    """Named in the title alone: a text that names other countries but not this one is not
    about it (its weight is left out of the shares)."""
    found_as: tuple[tuple[str, int], ...] = ()
    """The words that named it, as written (case-folded), with their counts, most frequent
    first: what to correct when a word named the wrong country."""
    listed: int = 0
    """Mentions in an enumeration of countries (a table of nationalities): mentioned, but left
    out of the weight."""
    from_source: int = 0
    """Weight added because an official source declares this country and the text names it."""
    source_default: bool = False
    """About because an official source declares it and no country the text names is."""

    @property
    def verdict(self) -> str:
        """The about column: yes, no, or why (the title alone, the source's country)."""
        if self.title_only:
            return "no (title only)"
        if self.source_default:
            return "yes (source)"
        return "yes" if self.about else "no"


@dataclass(frozen=True, slots=True)
class TopicEvidence:
    """One topic the text names: hits, passages and the thresholds they are held to."""

    slug: str
    hits: int
    """Hits in the text, each in the title counting ``title_weight``."""
    passages: int
    """Passages with a hit (the title's counting ``title_weight``)."""
    hits_needed: float
    passages_needed: float
    share: float
    """Its hits over all topics' hits (subjects outside COI included)."""
    lead: float
    """Its hits over the leading topic's."""
    chosen: bool
    found_as: tuple[tuple[str, int], ...] = ()
    """The words that counted for it, as written (case-folded), with their counts, most
    frequent first."""


@dataclass(frozen=True, slots=True)
class Explanation:
    """Everything one tagging decision weighed."""

    countries: tuple[CountryEvidence, ...]
    topics: tuple[TopicEvidence, ...]
    passages: int
    reference_work: bool
    """A long text covering every topic once: no topic at all."""
    outside_only: bool
    """Led by a subject outside COI with no COI topic: about no country."""
    countries_from_title: bool
    """The text names no country, so it is about the title's."""
    mentioned: tuple[str, ...]
    """Every country the title or the text names, about it or not."""
    source_country: str | None = None
    """The country an official source declares, which weighs as evidence
    (:func:`coi.taxonomy.countries.official_country`)."""

    def rules(self) -> list[str]:
        """The rules that overruled the counts, one sentence each (the terminal and the
        document page both show them)."""
        fired = []
        if self.reference_work:
            fired.append("A reference work: its leading topic is thin everywhere, so no topic.")
        if self.outside_only:
            fired.append("Led by a subject outside COI with no COI topic, so about no country.")
        if self.countries_from_title:
            fired.append("The text names no country, so it is about the title's.")
        if any(c.listed for c in self.countries):
            fired.append("Countries named in an enumeration (a table, a list) weigh nothing.")
        if any(c.source_default for c in self.countries):
            fired.append(
                f"No country it names is what it is about, so it is about the official "
                f"source's country, {self.source_country}."
            )
        return fired

    def source_line(self) -> str:
        """What the source's declared country weighed: its own line in the terminal and on the
        document page."""
        if self.source_country is None:
            return "source's country: none that counts (not an official source)"
        home = next((c for c in self.countries if c.iso3 == self.source_country), None)
        if home is not None and home.source_default:
            how = "about it by default"
        elif home is not None and home.from_source:
            how = f"named, so +{home.from_source} weight"
        else:
            how = "no weight added: not named, or the title names another country"
        return f"source's country: {self.source_country} (an official source; {how})"

    def format(self) -> str:
        """Lines for the terminal: the rules that fired, then every country and topic."""
        lines = [f"passages of about 50 words: {self.passages}", *self.rules()]
        lines.append(f"mentioned: {', '.join(self.mentioned) or 'none'}")
        lines.append(self.source_line())
        lines.append("countries   weight  listed   share  needed  about  found as")
        for country in self.countries:
            lines.append(
                f"  {country.iso3:<8} {country.weight:>6} {country.listed:>7} "
                f"{country.share:>7.2f} {country.share_needed:>7.2f}  {country.verdict:<5}  "
                f"{found_as(country.found_as)}"
            )
        lines.append(
            "topics                      hits/needed  passages/needed  share  lead  tag  found as"
        )
        for topic in self.topics:
            lines.append(
                f"  {topic.slug:<26} {topic.hits:>4}/{topic.hits_needed:<6.1f} "
                f"{topic.passages:>6}/{topic.passages_needed:<8.1f} "
                f"{topic.share:>6.2f} {topic.lead:>5.2f}  {'yes' if topic.chosen else 'no ':<3}  "
                f"{found_as(topic.found_as)}"
            )
        return "\n".join(lines)


def found_as(words: tuple[tuple[str, int], ...]) -> str:
    """``путин ×3, москва``: the words behind a tag, for the terminal and the document page
    (a template filter there)."""
    return ", ".join(word if n == 1 else f"{word} ×{n}" for word, n in words)
