"""Statistical insights for Beatbridge: plain Python over numpy/scipy arrays.

Nothing in this package imports Django, so it can be used (and tested) without settings.
Import the modules you need directly; importing the package itself is cheap:

- :mod:`beatbridge.insights.hotspots` -- Getis-Ord Gi* hot and cold spots on an H3 grid,
  with Benjamini-Hochberg false-discovery-rate control.
- :mod:`beatbridge.insights.nearrepeat` -- the Knox test for near-repeat (space-time)
  clustering, compatible with Ratcliffe's Near Repeat Calculator.
- :mod:`beatbridge.insights.trends` -- seasonal trend-change tests per area and Poisson
  change-point detection.
- :mod:`beatbridge.insights.balance` -- the enforcement-balance ("wedge risk") rule.
- :mod:`beatbridge.insights.fdr` -- Benjamini-Hochberg false discovery rate control.

The methods are described for residents and analysts in ``docs/methods.md``.
"""
