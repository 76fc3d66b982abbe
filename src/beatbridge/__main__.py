from beatbridge.cli import main

main()
