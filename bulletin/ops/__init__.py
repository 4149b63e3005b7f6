"""Running a build or a publish: the generator as a guarded child, locks, progress, verification, releases."""
