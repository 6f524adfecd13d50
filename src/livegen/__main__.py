from livegen.cli import main

main()
