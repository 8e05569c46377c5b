"""The three seed sheets of docs/domain.md, as rows for the engine and the demo (checked by
hand)."""

from decimal import Decimal as D

# kpi, bobot, direction, target, actual, cap, skor (exact), skor akhir (exact), skor (row),
# skor akhir (row)
SALESMAN = [
    ("Sales growth (%)", 19, "higher", "20", "27", None, "135.00", "25.65", "135", "26"),
    ("Sales target (units)", 15, "higher", "1200", "1270", None, "105.83", "15.88", "106", "16"),
    (
        "Customer acquisition growth (%)",
        14,
        "higher",
        "15",
        "12",
        None,
        "80.00",
        "11.20",
        "80",
        "11",
    ),
    ("Closed deals", 14, "higher", "60", "70", None, "116.67", "16.33", "117", "16"),
    (
        "Distribution & transport cost (%)",
        10,
        "lower",
        "2.5",
        "2.4",
        "200",
        "104.17",
        "10.42",
        "104",
        "10",
    ),
    ("Sales cycle (days)", 9, "lower", "25", "26", "150", "96.15", "8.65", "96", "9"),
    ("Revenue per sale (Rp)", 5, "higher", "50000", "55000", None, "110.00", "5.50", "110", "6"),
    ("Lead conversion (%)", 5, "higher", "30", "28", None, "93.33", "4.67", "93", "5"),
    ("Opportunity-to-win (%)", 5, "higher", "50", "45", None, "90.00", "4.50", "90", "5"),
    (
        "Average purchase value (Rp)",
        4,
        "higher",
        "1000000",
        "1050000",
        None,
        "105.00",
        "4.20",
        "105",
        "4",
    ),
]
SUPERVISOR = [
    (
        "Sales volume (Rp)",
        25,
        "higher",
        "500000000",
        "550000000",
        None,
        "110.00",
        "27.50",
        "110",
        "28",
    ),
    ("Growth vs last year (%)", 20, "higher", "15", "17", None, "113.33", "22.67", "113", "23"),
    ("New territories", 15, "higher", "3", "4", None, "133.33", "20.00", "133", "20"),
    (
        "Average sales per customer (Rp)",
        20,
        "higher",
        "20000",
        "18000",
        None,
        "90.00",
        "18.00",
        "90",
        "18",
    ),
    ("Staff turnover (%)", 20, "lower", "5", "4", "150", "125.00", "25.00", "125", "25"),
]
MANAGER = [
    (
        "Overall sales (Rp)",
        30,
        "higher",
        "2000000000",
        "2100000000",
        None,
        "105.00",
        "31.50",
        "105",
        "32",
    ),
    ("Margin (%)", 25, "higher", "20", "22", None, "110.00", "27.50", "110", "28"),
    ("Team efficiency (%)", 15, "higher", "90", "85", None, "94.44", "14.17", "94", "14"),
    ("Market-share growth (%)", 20, "higher", "10", "12", None, "120.00", "24.00", "120", "24"),
    ("New sales initiatives", 10, "higher", "3", "4", None, "133.33", "13.33", "133", "13"),
]
# sheet, exact total, row total
SHEETS = [
    ("salesman", SALESMAN, D("107.00"), D("108")),
    ("supervisor", SUPERVISOR, D("113.17"), D("114")),
    ("manager", MANAGER, D("110.50"), D("111")),
]
