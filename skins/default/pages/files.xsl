<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <!-- One category's section, when it has files (context: <files>). -->
  <xsl:template name="files-category">
    <xsl:param name="k"/>
    <xsl:param name="label"/>
    <xsl:if test="file[category = $k]">
      <section class="file-category" id="category-{$k}" aria-labelledby="cat-{$k}-h">
        <h2 id="cat-{$k}-h"><xsl:value-of select="$label"/>
          <span class="small"> (<xsl:value-of select="count(file[category = $k])"/>)</span></h2>
        <xsl:call-template name="files-of-category"><xsl:with-param name="k" select="$k"/></xsl:call-template>
      </section>
    </xsl:if>
  </xsl:template>
  <!-- The rows of one category (context: <files>). -->
  <xsl:template name="files-of-category">
    <xsl:param name="k"/>
    <table class="list">
      <thead><tr><th scope="col">Name</th><th scope="col">Project</th><th scope="col">Version</th><th scope="col">Size</th><th scope="col">Updated</th></tr></thead>
      <tbody>
        <xsl:for-each select="file[category = $k]">
          <tr>
            <td><xsl:call-template name="preview-thumb"/><a href="{$base}/files/{id}"><xsl:value-of select="name"/></a><xsl:call-template name="changed-mark"/></td>
            <td><xsl:value-of select="project"/><xsl:if test="not(project)"><xsl:value-of select="source"/></xsl:if></td>
            <td><xsl:value-of select="version"/></td>
            <td><xsl:value-of select="size_text"/></td>
            <td class="when"><xsl:value-of select="when"/></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>
  <!-- The client's shared files: search, list, upload. -->
  <xsl:template match="content" mode="page">
    <h1>Files</h1>
    <form method="get" action="{$base}/files" class="filter" role="search" aria-label="Files">
      <div class="ctl">
        <label for="f-q">Name</label>
        <input id="f-q" type="search" name="q" value="{filter/@q}"/>
      </div>
      <div class="ctl">
        <label for="f-category">Category</label>
        <xsl:call-template name="hs-category-select">
          <xsl:with-param name="selected" select="filter/@category"/>
          <xsl:with-param name="any" select="true()"/>
        </xsl:call-template>
      </div>
      <div class="ctl">
        <label for="f-project">Project</label>
        <select id="f-project" name="project">
          <option value="">All projects</option>
          <xsl:for-each select="projects/project">
            <option value="{id}"><xsl:if test="id = /atrium/content/filter/@project"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option>
          </xsl:for-each>
        </select>
      </div>
      <button type="submit">
        <xsl:call-template name="icon"><xsl:with-param name="name">search</xsl:with-param></xsl:call-template>
        <span>Search</span>
      </button>
    </form>
    <xsl:variable name="filtered" select="filter/@q != '' or filter/@category != '' or filter/@project != '0'"/>
    <xsl:choose>
      <!-- No search: the documents by category, the flat list one click away. -->
      <xsl:when test="files/file and not($filtered) and not(filter/@view = 'list')">
        <p class="view-switch"><a href="{$base}/files?view=list">Show all files as one list</a></p>
        <xsl:for-each select="files">
          <xsl:call-template name="files-category"><xsl:with-param name="k">contracts</xsl:with-param><xsl:with-param name="label">Contracts</xsl:with-param></xsl:call-template>
          <xsl:call-template name="files-category"><xsl:with-param name="k">deliverables</xsl:with-param><xsl:with-param name="label">Deliverables</xsl:with-param></xsl:call-template>
          <xsl:call-template name="files-category"><xsl:with-param name="k">reports</xsl:with-param><xsl:with-param name="label">Reports</xsl:with-param></xsl:call-template>
          <xsl:call-template name="files-category"><xsl:with-param name="k">other</xsl:with-param><xsl:with-param name="label">Other</xsl:with-param></xsl:call-template>
        </xsl:for-each>
      </xsl:when>
      <xsl:when test="files/file">
        <xsl:if test="not($filtered)"><p class="view-switch"><a href="{$base}/files">Group by category</a></p></xsl:if>
        <xsl:for-each select="files"><xsl:call-template name="hs-file-table"/></xsl:for-each>
      </xsl:when>
      <xsl:when test="filter/@q != '' or filter/@category != '' or filter/@project != '0'">
        <xsl:call-template name="empty"><xsl:with-param name="icon">search</xsl:with-param><xsl:with-param name="title">No file matches.</xsl:with-param><xsl:with-param name="text">Try another name or category, or show all files.</xsl:with-param><xsl:with-param name="href">/files</xsl:with-param><xsl:with-param name="label">Show all files</xsl:with-param></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">file</xsl:with-param><xsl:with-param name="title">No files have been shared with you yet.</xsl:with-param><xsl:with-param name="text">Files your team shares show here. To send us one, use the form below.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
    <xsl:if test="projects/project">
      <h2><xsl:call-template name="icon"><xsl:with-param name="name">upload</xsl:with-param></xsl:call-template> Send us a file</h2>
      <form method="post" action="{$base}/files" enctype="multipart/form-data" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field">
          <xsl:with-param name="name">file</xsl:with-param>
          <xsl:with-param name="label">File</xsl:with-param>
          <xsl:with-param name="type">file</xsl:with-param>
          <xsl:with-param name="hint">PDF, images, text, CSV, ZIP or office documents.</xsl:with-param>
          <xsl:with-param name="required" select="true()"/>
        </xsl:call-template>
        <xsl:variable name="pf" select="form/field[@name = 'project']"/>
        <div class="field{substring(' has-error', 1, 10 * boolean($pf/@error))}">
          <label for="f-up-project">Project</label>
          <!-- Never a silent default: one project is the choice, else the person picks. -->
          <xsl:variable name="only" select="count(projects/project) = 1"/>
          <xsl:variable name="pick">
            <xsl:choose>
              <xsl:when test="$pf/@value != ''"><xsl:value-of select="$pf/@value"/></xsl:when>
              <xsl:when test="filter/@project != '0'"><xsl:value-of select="filter/@project"/></xsl:when>
              <xsl:when test="$only"><xsl:value-of select="projects/project/id"/></xsl:when>
            </xsl:choose>
          </xsl:variable>
          <select id="f-up-project" name="project" required="required">
            <xsl:if test="not($only)"><option value="">Choose a project…</option></xsl:if>
            <xsl:for-each select="projects/project">
              <option value="{id}"><xsl:if test="id = $pick"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option>
            </xsl:for-each>
          </select>
          <xsl:if test="$pf/@error"><p class="error"><xsl:value-of select="$pf/@error"/></p></xsl:if>
        </div>
        <div class="field">
          <label for="f-up-category">Category</label>
          <xsl:call-template name="hs-category-select">
            <xsl:with-param name="id">f-up-category</xsl:with-param>
            <xsl:with-param name="selected" select="form/field[@name = 'category']/@value"/>
          </xsl:call-template>
        </div>
        <p><button type="submit" class="primary">Upload</button></p>
      </form>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
