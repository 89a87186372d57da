from familiar.cli.main import main

main()
