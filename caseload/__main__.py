from caseload.entry import main

main()
