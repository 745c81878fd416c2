"""The back office of outcome reports: review, approval, the pavilion dashboard."""
