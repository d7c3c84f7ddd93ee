"""The public notice: its blocks, rendered as text, Markdown, HTML and Word; and reading a
published notice back into a plan."""
