"""Turns the JSON lines a bench script prints into a Markdown table.

    python bench/markdown_table.py runs/bench/steps.jsonl --columns step precision jit fit_images_per_second
"""

import argparse
import json


def read_lines(path):
    """Every line of `path` that is a JSON object (log lines around them are skipped)."""
    rows = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                rows.append(json.loads(line))
    return rows


def markdown_table(rows, columns):
    def cell(value):
        return " ".join(value) if isinstance(value, list) else ("-" if value is None else str(value))

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(row.get(c)) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="a file of JSON lines")
    parser.add_argument("--columns", nargs="+", required=True, help="keys of the JSON objects, in order")
    args = parser.parse_args()
    print(markdown_table(read_lines(args.path), args.columns))


if __name__ == "__main__":
    main()
