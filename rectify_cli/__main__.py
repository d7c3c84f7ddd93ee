"""python -m rectify_cli"""

from .cli import main

main()
