"""Summarise a CSV of orders by month. Run: python report.py orders.csv"""
import csv
import sys
from collections import defaultdict
from datetime import datetime


def monthly_totals(path):
    totals = defaultdict(float)
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            placed = datetime.fromisoformat(row["placed_at"])
            totals[placed.strftime("%Y-%m")] += float(row["amount"])
    return dict(sorted(totals.items()))


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    for month, amount in monthly_totals(argv[1]).items():
        print(f"{month}  {amount:12,.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
