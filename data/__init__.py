"""The shipped seed dataset (see README.md in this folder). Data only."""
