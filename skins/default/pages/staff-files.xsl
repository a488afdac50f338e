<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <!-- Every client's files for the team: search, list, upload. -->
  <xsl:template match="content" mode="page">
    <h1>Files</h1>
    <form method="get" action="{$base}/staff/files" class="filter" role="search" aria-label="Files">
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
        <label for="f-client">Client</label>
        <select id="f-client" name="client">
        <option value="">All clients</option>
        <xsl:for-each select="clients/client">
          <option value="{id}"><xsl:if test="id = /atrium/content/filter/@client"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option>
        </xsl:for-each>
      </select>
      </div>
      <button type="submit">Search</button>
    </form>
    <xsl:choose>
      <xsl:when test="files/file">
        <xsl:for-each select="files"><xsl:call-template name="hs-file-table"/></xsl:for-each>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">search</xsl:with-param><xsl:with-param name="title">No file matches.</xsl:with-param><xsl:with-param name="text">Try another name, category or client.</xsl:with-param><xsl:with-param name="href">/staff/files</xsl:with-param><xsl:with-param name="label">Show all files</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
    <h2>Upload a file</h2>
    <form method="post" action="{$base}/staff/files" enctype="multipart/form-data" class="stack">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="field">
        <xsl:with-param name="name">file</xsl:with-param>
        <xsl:with-param name="label">File</xsl:with-param>
        <xsl:with-param name="type">file</xsl:with-param>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:variable name="pf" select="form/field[@name = 'project']"/>
      <div class="field{substring(' has-error', 1, 10 * boolean($pf/@error))}">
        <label for="f-up-project">Project</label>
        <select id="f-up-project" name="project" required="required">
          <option value="">Choose a project</option>
          <xsl:for-each select="projects/project">
            <option value="{id}"><xsl:if test="id = $pf/@value or (not($pf) and id = /atrium/content/filter/@project)"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="client"/>: <xsl:value-of select="name"/></option>
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
      <xsl:call-template name="field">
        <xsl:with-param name="name">name</xsl:with-param>
        <xsl:with-param name="label">Name shown</xsl:with-param>
        <xsl:with-param name="hint">Leave empty to keep the file's own name.</xsl:with-param>
      </xsl:call-template>
      <div class="field">
        <label><input type="checkbox" name="visible" value="1"/> Share with the client now (otherwise internal)</label>
      </div>
      <p><button type="submit" class="primary">Upload</button></p>
    </form>
  </xsl:template>
</xsl:stylesheet>
