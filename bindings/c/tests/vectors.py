"""Writes vectors.h for seed_flow.c: the signing vectors of the seed flow's
calls (those tests/vectors/seed_flow.txt names, from tests/vectors/signing.json,
shared with every other test), as C.

    python3 bindings/c/tests/vectors.py OUT_DIR
"""

import calendar
import json
import time
import sys
from pathlib import Path



def c_string(text):
    if text is None:
        return "NULL"
    out = []
    for byte in text.encode("utf-8"):
        char = chr(byte)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= byte < 0x7F and char != "?":
            out.append(char)
        else:
            out.append("\\%03o" % byte)
    return '"' + "".join(out) + '"'


def main():
    repo = Path(__file__).resolve().parents[3]
    # The seed flow's calls, one vector name a line (shared with the facade's tests).
    seed_flow = (repo / "tests" / "vectors" / "seed_flow.txt").read_text().splitlines()
    vectors = json.loads((repo / "tests" / "vectors" / "signing.json").read_text())
    rows = []
    for vector in vectors:
        if vector["name"] not in seed_flow:
            continue
        settings = {
            "publicKeyId": vector["publicKeyId"],
            "region": vector["region"],
            "apiVersion": vector["apiVersion"],
            "algorithm": vector["algorithm"],
        }
        if vector["environment"] is not None:
            settings["sandbox"] = vector["environment"] == "sandbox"
        date = calendar.timegm(time.strptime(vector["date"], "%Y%m%dT%H%M%SZ"))
        rows.append(
            "    {%s, %s, %s, %s, %s, %s, %s, %s, %s},"
            % (
                c_string(vector["name"]),
                c_string(json.dumps(settings)),
                c_string(vector["method"]),
                c_string(vector["path"]),
                c_string(vector["body"]),
                c_string(vector["idempotencyKey"]),
                "%dLL" % date,
                c_string(vector["expected"]["stringToSign"]),
                c_string(vector["expected"]["url"]),
            )
        )
    if len(rows) != len(seed_flow):
        sys.exit(f"vectors.py: found {len(rows)} of the {len(seed_flow)} seed-flow vectors")
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    (out / "vectors.h").write_text(
        "/* The seed flow's signing vectors, written by vectors.py from tests/vectors/signing.json. */\n"
        "struct vector { const char *name, *settings, *method, *path, *body, *key; long long date; const char *string_to_sign, *url; };\n"
        "static const struct vector VECTORS[] = {\n" + "\n".join(rows) + "\n};\n"
    )


if __name__ == "__main__":
    main()
