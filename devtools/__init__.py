"""Development tools outside the library: the test and benchmark helper that starts the app and Chromium."""
