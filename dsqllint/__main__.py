from dsqllint.cli import main

main()
