#!/usr/bin/env python3
"""An outside oracle for our identifier checks: python-stdnum (stdnum.cn.uscc, stdnum.cn.ric).

Generates USCCs (GB 32100-2015) and resident ID numbers (GB 11643-1999) — valid ones built from
their parts, then mutated (one character changed, two swapped, one dropped or added, case,
surrounding blanks, separators, full-width look-alikes, random strings) — runs them through our
parser (`cargo run -p aii-rules --example id_verdicts`) and through stdnum, and compares:

1. the check character: wherever the first 17 characters can carry one, the character our
   parser demands in position 18 must be the one stdnum computes. Any difference fails the run.
2. the verdicts (valid or not, and why): every disagreement must fall under one of the known,
   documented differences between the standards as we read them and stdnum (RELIABILITY.md);
   one that does not fails the run.

Usage: scripts/oracle_stdnum.py [COUNT_PER_KIND] [--seed N]   (default 100000, seed 2027)
Needs: pip install python-stdnum (2.2 was used).
"""

import argparse
import collections
import datetime
import random
import subprocess
import sys

from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# Registration authority (position 1) and category (position 2) per the GB 32100 code table,
# including the later letters (A, N, Y), and some codes that are in no table.
AUTHORITY = "123456789ANY"
CATEGORY = "123459"
TODAY = datetime.date(2027, 3, 1)
# Blanks both sides strip the same way (Python's str.strip and Rust's str::trim).
BLANKS = [" ", "  ", "\u3000", "\t"]
FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHJKLMNPQRTUWXYX"}


def org_code(rng):
    """A GB 11714 organisation code: 8 characters and their check character."""
    body = "".join(rng.choice(ORG_ALPHABET if rng.random() < 0.2 else "0123456789") for _ in range(8))
    total = sum(w * ORG_ALPHABET.index(c) for w, c in zip(ORG_WEIGHTS, body))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def new_uscc(rng):
    region = "".join(rng.choice("0123456789") for _ in range(6))
    org = org_code(rng)
    if rng.random() < 0.05:
        # An organisation code whose own check is wrong.
        org = org[:8] + rng.choice([c for c in "0123456789X" if c != org[8]])
    head = rng.choice(AUTHORITY) + rng.choice(CATEGORY) if rng.random() < 0.9 else "".join(rng.choice(USCC_ALPHABET) for _ in range(2))
    body = head + region + org
    if any(c not in USCC_ALPHABET for c in body):
        # GB 11714 uses I, O, S, V, Z, which GB 32100's alphabet lacks.
        body = "".join(c if c in USCC_ALPHABET else rng.choice("0123456789") for c in body)
    return body + uscc.calc_check_digit(body + "0")


def new_ric(rng):
    region = "".join(rng.choice("0123456789") for _ in range(6))
    if rng.random() < 0.7:
        # A plausible region: a province prefix and a district.
        region = rng.choice(["110105", "310104", "440305", "330106", "320102", "510107", "420111", "370102"])
    roll = rng.random()
    if roll < 0.8:
        birth = datetime.date(1900, 1, 1) + datetime.timedelta(days=rng.randrange(0, (TODAY - datetime.date(1900, 1, 1)).days + 1))
        date = birth.strftime("%Y%m%d")
    elif roll < 0.9:
        # Around the edges: before 1900, after today.
        y = rng.choice([1800, 1899, 2027, 2028, 2099])
        date = f"{y:04d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    else:
        # Not a calendar date, or nearly one.
        date = f"{rng.randint(1900, 2026):04d}{rng.choice([0, 2, 13, 4, 6]):02d}{rng.choice([0, 29, 30, 31, 32]):02d}"
    seq = f"{rng.randint(0, 999):03d}"
    body = region + date + seq
    return body + ric.calc_check_digit(body + "0")


def mutate(rng, s, alphabet):
    kind = rng.randrange(12)
    i = rng.randrange(len(s))
    if kind == 0:
        return s[:i] + rng.choice(alphabet) + s[i + 1:]
    if kind == 1 and i + 1 < len(s):
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    if kind == 2:
        return s[:i] + s[i + 1:]
    if kind == 3:
        return s[:i] + rng.choice(alphabet) + s[i:]
    if kind == 4:
        return s.lower()
    if kind == 5:
        return rng.choice(BLANKS) + s + rng.choice(BLANKS)
    if kind == 6:
        return s[:i] + rng.choice([" ", "-"]) + s[i:]
    if kind == 7:
        return s[:i] + FULLWIDTH.get(s[i], s[i]) + s[i + 1:]
    if kind == 8:
        # The last character replaced by each possible wrong one is likelier here than above.
        return s[:-1] + rng.choice(alphabet)
    if kind == 9:
        return s[:i] + rng.choice("IOSVZiosvz*/.") + s[i + 1:]
    if kind == 10:
        return "".join(rng.choice(alphabet) for _ in range(18))
    return s


def corpus(rng, count, make, alphabet):
    out = []
    while len(out) < count:
        s = make(rng)
        roll = rng.random()
        if roll < 0.3:
            out.append(s)
        else:
            for _ in range(1 + (roll > 0.85)):
                s = mutate(rng, s, alphabet)
            out.append(s)
    return out


def stdnum_verdict(module, s):
    try:
        module.validate(s)
        return "ok"
    except InvalidLength:
        return "length"
    except InvalidFormat:
        return "format"
    except InvalidChecksum:
        return "checksum"
    except InvalidComponent:
        return "component"
    except ValidationError as e:  # stdnum raises only the above so far
        return type(e).__name__
    except Exception as e:  # noqa: BLE001 - stdnum's own failures are findings too
        return f"error:{type(e).__name__}"


def ours(lines):
    cmd = ["cargo", "run", "-q", "-p", "aii-rules", "--example", "id_verdicts", "--", TODAY.isoformat()]
    text = "".join(f"{tag}\t{s}\n" for tag, s in lines)
    res = subprocess.run(cmd, input=text, capture_output=True, text=True, check=True)
    rows = [tuple(row.split("\t")) for row in res.stdout.splitlines()]
    assert len(rows) == len(lines), (len(rows), len(lines))
    return rows


# The same verdict under another name: too short or long; a character outside the alphabet;
# a wrong check character; for ID numbers, positions 7-14 or 1-2 refused (stdnum's "component").
SAME = {("length", "length"), ("charset", "format"), ("check_char", "checksum"), ("birth_date", "component"), ("province", "component")}


def explain_uscc(s, our, theirs):
    """Why a verdict differs, or None when no documented difference explains it."""
    compact = uscc.compact(s)
    stripped = s.strip().upper()
    if compact != stripped:
        if any(c in s.strip() for c in " -"):
            return "stdnum removes blanks and hyphens inside; the standard has none (ours: length)"
        return "stdnum folds full-width and look-alike characters to ASCII; ours refuses them (charset)"
    if len(stripped) == 18 and not stripped[:8].isdigit() and theirs == "format":
        if all(c in USCC_ALPHABET for c in stripped):
            if stripped[2:8].isdigit():
                return "stdnum wants digits in positions 1-2; the code tables give them letters (A, N, Y, ...)"
            return "stdnum wants digits in positions 3-8 (a GB/T 2260 region code); ours checks only the alphabet there"
    if our == "org_code" and theirs == "ok":
        return "ours checks the embedded GB 11714 organisation code; stdnum does not"
    return None


def explain_ric(s, our, theirs):
    compact = ric.compact(s)
    if compact != s.strip().upper():
        return "stdnum folds full-width and look-alike characters to ASCII; ours refuses them (charset)"
    if our == "charset" and theirs == "checksum" and len(compact) == 18 and compact[:17].isdigit():
        return "a last character neither a digit nor X: ours names it charset, stdnum checksum (both refuse)"
    if our == "ok" and theirs == "component":
        return "stdnum checks positions 1-6 against its own table of county codes; ours only positions 1-2 (province level)"
    if theirs == "error:KeyError" and our in ("ok", "birth_date", "province"):
        return "stdnum 2.2 fails (KeyError) on a region code its table knows only above county level"
    if our == "birth_date":
        try:
            born = ric.get_birth_date(compact)
        except ValidationError:
            born = None
        if born is not None and (born > TODAY or born.year < 1900):
            if theirs in ("ok", "component"):
                return "ours refuses a birth date after today or before 1900; stdnum takes any calendar date"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("count", nargs="?", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=2027)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    usccs = corpus(rng, args.count, new_uscc, USCC_ALPHABET)
    rics = corpus(rng, args.count, new_ric, "0123456789X")
    lines = [("U", s) for s in usccs] + [("R", s) for s in rics]
    rows = ours(lines)

    failures = 0
    for tag, module, explain in (("U", uscc, explain_uscc), ("R", ric, explain_ric)):
        name = {"U": "USCC (GB 32100-2015)", "R": "resident ID (GB 11643-1999)"}[tag]
        verdicts = collections.Counter()
        explained = collections.Counter()
        unexplained = []
        compared = check_disagreements = 0
        examples = []
        for (t, s), (our, our_check) in zip(lines, rows):
            if t != tag:
                continue
            theirs = stdnum_verdict(module, s)
            verdicts[(our, theirs)] += 1
            # 1. The check character, wherever both can compute one for the same 17 characters.
            compact = module.compact(s)
            if our_check != "-" and compact == s.strip().upper() and len(compact) == 18:
                compared += 1
                want = module.calc_check_digit(compact[:17] + "0") if tag == "U" else module.calc_check_digit(compact)
                if want != our_check:
                    check_disagreements += 1
                    if len(examples) < 10:
                        examples.append((s, our_check, want))
            # 2. The verdicts.
            if our == theirs or (our, theirs) in SAME:
                continue
            why = explain(s, our, theirs)
            if why is None:
                unexplained.append((s, our, theirs))
            else:
                explained[why] += 1
        total = sum(verdicts.values())
        print(f"== {name}: {total} inputs, {sum(1 for (t, _), (o, _) in zip(lines, rows) if t == tag and o == 'ok')} valid by ours")
        print(f"   check character compared on {compared} inputs: {check_disagreements} disagreements")
        for s, got, want in examples:
            print(f"     {s!r}: ours {got}, stdnum {want}")
        print("   verdicts (ours, stdnum): " + ", ".join(f"{o}/{t} {n}" for (o, t), n in sorted(verdicts.items())))
        print(f"   verdicts differing for documented reasons: {sum(explained.values())}")
        for why, n in explained.most_common():
            print(f"     {n:7d}  {why}")
        print(f"   verdicts differing for no documented reason: {len(unexplained)}")
        for s, our, theirs in unexplained[:20]:
            print(f"     {s!r}: ours {our}, stdnum {theirs}")
        failures += check_disagreements + len(unexplained)
    print(f"{len(lines) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
