from txdoctor.cli import run

run()
