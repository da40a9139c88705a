"""Pictures for the static book: plots with one colour-blind-safe style, tables printed at
fixed precision, and self-contained HTML animations (their JavaScript and CSS are the
package data files in ``helpers/pictures/static/``). Imports :mod:`helpers.core`, never
:mod:`helpers.interactive`."""
