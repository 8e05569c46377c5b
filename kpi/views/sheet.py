"""The "score a sheet" calculator page (reading the form is `kpi.sheet`'s)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..sheet import SHEET_EXAMPLES, example_data, read_sheet, score_posted_sheet


@login_required
def score_a_sheet(request):
    """Type a sheet's rows and see skor / skor akhir. With JavaScript the page asks the preview
    API as you type; without, the form posts here and the page shows the same result."""
    if request.method == "POST":
        sheet = score_posted_sheet(request.POST)
    else:
        example = SHEET_EXAMPLES.get(request.GET.get("example", ""))
        sheet = read_sheet(example_data(example) if example else {})
    return render(
        request,
        "kpi/sheet.html",
        {
            "rows": sheet.rows,
            "result": sheet.result,
            "errors": sheet.errors,
            "rounding": sheet.rounding,
        },
    )
