"""Readers: files, folders and standard input to raw documents, by sniffed format."""

from marsad.sources.files import expand, read_file, read_paths
from marsad.sources.raw import Failure, InputStamp, Limits, RawDocument

__all__ = ["Failure", "InputStamp", "Limits", "RawDocument", "expand", "read_file", "read_paths"]
