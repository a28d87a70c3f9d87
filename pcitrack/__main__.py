from pcitrack.cli import main

main()
