"""Browser tests: Playwright drives Debian's Chromium through the real pages."""
