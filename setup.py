# Reads settings.ini (nbdev 2's single source of truth) and builds the package from it.
from configparser import ConfigParser
import setuptools

config = ConfigParser(delimiters=['='])
config.read('settings.ini', encoding='utf-8')
cfg = config['DEFAULT']

licenses = {'apache2': ('Apache Software License 2.0', 'OSI Approved :: Apache Software License')}
statuses = ['1 - Planning', '2 - Pre-Alpha', '3 - Alpha', '4 - Beta', '5 - Production/Stable', '6 - Mature', '7 - Inactive']
py_versions = '3.10 3.11 3.12 3.13'.split()
lic = licenses[cfg['license'].lower()]
min_python = cfg['min_python']

extras = {k[len('extra_'):]: v.split() for k, v in cfg.items() if k.startswith('extra_')}
extras['all'] = sorted({r for name, reqs in extras.items() if name not in ('dev', 'llamacpp') for r in reqs})
# the tests exercise every extra but llama.cpp (built from source) and Ray's dashboard (dev's plain ray runs a local cluster)
extras['dev'] = sorted({*extras['dev'], *(r for name in ('hf', 'eval', 'carbon', 'http', 'study', 'store', 'serve', 'otel') for r in extras[name])})

setuptools.setup(
    name=cfg['lib_name'],
    license=lic[0],
    classifiers=['Development Status :: ' + statuses[int(cfg['status'])],
                 'Intended Audience :: ' + cfg['audience'].title(),
                 'Natural Language :: ' + cfg['language'].title(),
                 'License :: ' + lic[1]]
                + ['Programming Language :: Python :: ' + v for v in py_versions[py_versions.index(min_python):]],
    url=cfg['git_url'],
    packages=setuptools.find_packages(include=['routerllm', 'routerllm.*']),
    include_package_data=True,
    package_data={'routerllm': ['assets/**/*']},
    install_requires=cfg['requirements'].split(),
    extras_require=extras,
    python_requires='>=' + min_python,
    long_description=open('README.md', encoding='utf-8').read(),
    long_description_content_type='text/markdown',
    zip_safe=False,
    entry_points={'console_scripts': cfg['console_scripts'].split(),
                  'nbdev': [f"{cfg['lib_path']}={cfg['lib_path']}._modidx:d"]},
    version=cfg['version'], author=cfg['author'], author_email=cfg['author_email'],
    description=cfg['description'], keywords=cfg['keywords'],
)
