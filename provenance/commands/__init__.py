"""One module per subcommand: NAME, add_parser(subparsers), run(args) -> int."""
