from sarkit.cli import main

main()
