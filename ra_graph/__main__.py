from ra_graph.cli import main

main()
