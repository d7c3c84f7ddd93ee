"""python -m rectify_cli"""

from .cli import entry

entry()
