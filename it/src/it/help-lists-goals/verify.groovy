def log = new File(basedir, 'build.log').text
assert log.contains('edgesite:help')
assert log.contains('This plugin has')
